using System.ComponentModel.DataAnnotations;

namespace Mmo.Discovery.Consul;

/// <summary>
/// What <see cref="ConsulRegistrationService"/> registers with the local agent in mode <c>Consul</c>.
/// Section <c>Discovery:Consul:Registration</c>.
/// </summary>
public sealed class ConsulRegistrationOptions
{
    public const string SectionName = "Discovery:Consul:Registration";

    /// <summary>Register this process on start and deregister it on shutdown (mode Consul only). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Logical service name other services resolve, e.g. "auth". Default: the <c>Service:Name</c> setting.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Unique instance ID on the agent. Default <c>&lt;ServiceName&gt;-&lt;Address&gt;-&lt;GrpcPort&gt;</c>.</summary>
    public string? ServiceId { get; set; }

    /// <summary>
    /// Address other services and the agent's health check reach this instance at (an IP or host name; in
    /// Kubernetes the pod IP from <c>status.podIP</c>). Default: this host's first non-loopback IPv4 address, else 127.0.0.1.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>The gRPC port advertised and health-checked. Default: the <c>Service:GrpcPort</c> setting.</summary>
    [Range(0, 65535, ErrorMessage = "Discovery:Consul:Registration:GrpcPort must be a TCP port between 1 and 65535.")]
    public int GrpcPort { get; set; }

    /// <summary>Tags of the instance. Default none.</summary>
    public List<string> Tags { get; } = [];

    /// <summary>Key/value metadata of the instance. Default none.</summary>
    public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);

    /// <summary>Seconds between the agent's gRPC health checks (grpc.health.v1) of this instance. Default 10.</summary>
    [Range(1, 3600, ErrorMessage = "Discovery:Consul:Registration:CheckIntervalSeconds must be between 1 and 3600.")]
    public int CheckIntervalSeconds { get; set; } = 10;

    /// <summary>Time limit of one health check, in seconds. Default 5.</summary>
    [Range(1, 300, ErrorMessage = "Discovery:Consul:Registration:CheckTimeoutSeconds must be between 1 and 300.")]
    public int CheckTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// The agent removes this instance after its check has been critical this long, in seconds (a crashed process
    /// never deregisters). Default 60, Consul's minimum.
    /// </summary>
    [Range(60, 7 * 24 * 3600, ErrorMessage = "Discovery:Consul:Registration:DeregisterCriticalServiceAfterSeconds must be between 60 (Consul's minimum) and 604800.")]
    public int DeregisterCriticalServiceAfterSeconds { get; set; } = 60;

    /// <summary>The agent checks health over TLS (set when the gRPC port serves TLS). Default false.</summary>
    public bool CheckUseTls { get; set; }
}
