namespace Mmo.Discovery;

/// <summary>Where service endpoints come from (<c>Discovery:Mode</c>).</summary>
public enum DiscoveryMode
{
    /// <summary>Addresses listed in configuration (<c>Discovery:Static:Services:&lt;name&gt;:&lt;i&gt;</c>). The local default.</summary>
    Static,

    /// <summary>A Consul agent's HTTP API: healthy instances by blocking queries; this service registers itself.</summary>
    Consul,

    /// <summary>All A/AAAA records of a DNS name, e.g. a Kubernetes headless Service, re-resolved periodically.</summary>
    Dns,
}
