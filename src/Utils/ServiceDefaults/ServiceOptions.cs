using System.ComponentModel.DataAnnotations;

namespace Mmo.ServiceDefaults;

/// <summary>Where a service listens. Section <c>Service</c>; env vars <c>Service__GrpcPort</c> etc.</summary>
public sealed class ServiceOptions
{
    public const string SectionName = "Service";

    /// <summary>Service name used in logs, health and discovery, e.g. "auth". Required.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Service:Name is required (e.g. 'auth').")]
    [RegularExpression("^[a-z][a-z0-9-]{0,62}$", ErrorMessage = "Service:Name must be lower-case letters, digits and '-', starting with a letter (e.g. 'auth').")]
    public string Name { get; set; } = "";

    /// <summary>Address both ports bind to. Default 127.0.0.1; use 0.0.0.0 in containers.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Service:BindAddress is required (e.g. 127.0.0.1).")]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>gRPC port, HTTP/2 only (cleartext). Required; 1–65535.</summary>
    [Range(1, 65535, ErrorMessage = "Service:GrpcPort must be a TCP port between 1 and 65535.")]
    public int GrpcPort { get; set; }

    /// <summary>HTTP/1.1 port for /healthz, /readyz (and public APIs). Required; 1–65535, not the gRPC port.</summary>
    [Range(1, 65535, ErrorMessage = "Service:HttpPort must be a TCP port between 1 and 65535.")]
    public int HttpPort { get; set; }

    /// <summary>PEM certificate for TLS on the gRPC port (HTTP/2 over TLS, ALPN "h2"). Default none: cleartext h2c. Needs <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificatePath"/>. Default none.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Seconds between turning NOT_SERVING and closing the listeners on shutdown, so balancers stop routing first. Default 0 (5 suits Kubernetes).</summary>
    [Range(0, 60, ErrorMessage = "Service:DrainDelaySeconds must be between 0 and 60.")]
    public int DrainDelaySeconds { get; set; }

    /// <summary>Console log format: Auto (JSON in containers, plain otherwise), Json or Plain. Default Auto.</summary>
    public Logging.LogFormat LogFormat { get; set; } = Logging.LogFormat.Auto;

    /// <summary>Time in-flight calls get to finish on shutdown, in seconds. Default 10.</summary>
    [Range(0, 600, ErrorMessage = "Service:ShutdownGraceSeconds must be between 0 and 600.")]
    public int ShutdownGraceSeconds { get; set; } = 10;
}
