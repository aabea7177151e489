using System.Net;
using System.Net.Sockets;

namespace Mmo.Discovery;

/// <summary>
/// One replica of a service: the base address a gRPC channel calls, e.g. <c>http://10.1.2.3:5101</c>.
/// Two endpoints are equal when their addresses are.
/// </summary>
public sealed record ServiceEndpoint
{
    public ServiceEndpoint(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Endpoint address '{address}' must be an absolute http:// or https:// URI.", nameof(address));
        }
        Address = address;
    }

    /// <summary>The replica's base address (scheme, host, port).</summary>
    public Uri Address { get; }

    /// <summary>An endpoint for an IP address and port, as DNS and Consul give them.</summary>
    public static ServiceEndpoint Create(string scheme, IPAddress address, int port) =>
        Create(scheme, address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString(), port);

    /// <summary>An endpoint for a host (name, IPv4, or bracketed IPv6) and port.</summary>
    public static ServiceEndpoint Create(string scheme, string host, int port)
    {
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]"; // A bare IPv6 address, as Consul returns it.
        }
        return new ServiceEndpoint(new Uri($"{scheme}://{host}:{port}", UriKind.Absolute));
    }

    /// <summary>host:port, as logs and error messages show it.</summary>
    public override string ToString() => Address.Authority;
}
