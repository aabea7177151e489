using System.ComponentModel.DataAnnotations;

namespace Mmo.Discovery.Dns;

/// <summary>
/// DNS resolution (mode <c>Dns</c>): every A and AAAA record of a name, such as a Kubernetes headless Service
/// (<c>auth.mmo.svc.cluster.local</c>), with the port from here. Section <c>Discovery:Dns</c>.
/// </summary>
public sealed class DnsDiscoveryOptions
{
    public const string SectionName = "Discovery:Dns";

    /// <summary>
    /// Name server to ask, <c>ip</c> or <c>ip:port</c> (IPv6 as <c>[::1]:53</c>), e.g. 127.0.0.1:5353.
    /// Default none: the <c>nameserver</c> lines of <see cref="ResolvConfPath"/>, port 53.
    /// </summary>
    public string? Server { get; set; }

    /// <summary>File whose <c>nameserver</c> lines are used when <see cref="Server"/> is not set. Default /etc/resolv.conf.</summary>
    public string ResolvConfPath { get; set; } = "/etc/resolv.conf";

    /// <summary>Seconds between two resolutions of a name (sooner after a failure, or when every endpoint is failing). Default 15.</summary>
    [Range(1, 3600, ErrorMessage = "Discovery:Dns:RefreshSeconds must be between 1 and 3600.")]
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>Time to wait for one answer from one server, in milliseconds. Default 2000.</summary>
    [Range(10, 60_000, ErrorMessage = "Discovery:Dns:QueryTimeoutMs must be between 10 and 60000.")]
    public int QueryTimeoutMs { get; set; } = 2000;

    /// <summary>Rounds over the name servers before a resolution fails. Default 2.</summary>
    [Range(1, 10, ErrorMessage = "Discovery:Dns:Attempts must be between 1 and 10.")]
    public int Attempts { get; set; } = 2;

    /// <summary>Ask for AAAA (IPv6) records as well as A. Default true; turn off for servers that mishandle AAAA.</summary>
    public bool QueryAaaa { get; set; } = true;

    /// <summary>
    /// DNS name of a service without its own <c>Host</c>; <c>{service}</c> stands for the service name.
    /// Default <c>{service}</c>; in Kubernetes e.g. <c>{service}.mmo.svc.cluster.local</c> (names are queried as fully qualified).
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Discovery:Dns:HostTemplate must not be empty (e.g. '{service}.mmo.svc.cluster.local').")]
    public string HostTemplate { get; set; } = "{service}";

    /// <summary>gRPC port of a service without its own <c>Port</c>. Default 0: each service must set one.</summary>
    [Range(0, 65535, ErrorMessage = "Discovery:Dns:Port must be between 1 and 65535 (0: set it per service).")]
    public int Port { get; set; }

    /// <summary>Per-service name and port, e.g. <c>Discovery:Dns:Services:auth:Host</c> and <c>:Port</c>. Default none.</summary>
    public Dictionary<string, DnsServiceOptions> Services { get; } = new(StringComparer.OrdinalIgnoreCase);
}
