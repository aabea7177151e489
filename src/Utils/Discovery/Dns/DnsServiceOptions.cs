namespace Mmo.Discovery.Dns;

/// <summary>Where one service is found by DNS (<c>Discovery:Dns:Services:&lt;name&gt;</c>).</summary>
public sealed class DnsServiceOptions
{
    /// <summary>DNS name whose A/AAAA records are the replicas. Default: <see cref="DnsDiscoveryOptions.HostTemplate"/>.</summary>
    public string? Host { get; set; }

    /// <summary>gRPC port of the replicas. Default: <see cref="DnsDiscoveryOptions.Port"/>.</summary>
    public int? Port { get; set; }
}
