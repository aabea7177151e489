using System.Net;

namespace Mmo.Discovery.Dns;

/// <summary>Which name servers to ask: the configured one, or the <c>nameserver</c> lines of resolv.conf.</summary>
internal static class DnsServerList
{
    public const int DefaultPort = 53;

    /// <summary>Parses <c>ip</c>, <c>ip:port</c> or <c>[ipv6]:port</c>; no port means 53.</summary>
    public static bool TryParseServer(string? value, out IPEndPoint server)
    {
        server = null!;
        if (string.IsNullOrWhiteSpace(value) || !IPEndPoint.TryParse(value.Trim(), out var parsed))
        {
            return false;
        }
        server = parsed.Port == 0 ? new IPEndPoint(parsed.Address, DefaultPort) : parsed;
        return true;
    }

    /// <summary>The servers to use for <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">No server is configured and resolv.conf names none.</exception>
    public static IReadOnlyList<IPEndPoint> Resolve(DnsDiscoveryOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Server))
        {
            return TryParseServer(options.Server, out var server)
                ? [server]
                : throw new InvalidOperationException($"Discovery:Dns:Server = '{options.Server}' is not an IP address with an optional port.");
        }
        var servers = ReadResolvConf(File.ReadAllLines(options.ResolvConfPath));
        return servers.Count > 0
            ? servers
            : throw new InvalidOperationException($"{options.ResolvConfPath} names no nameserver; set Discovery:Dns:Server.");
    }

    /// <summary>The <c>nameserver</c> entries of a resolv.conf, in order (resolv.conf(5)); comments and other lines are ignored.</summary>
    public static IReadOnlyList<IPEndPoint> ReadResolvConf(IEnumerable<string> lines)
    {
        var servers = new List<IPEndPoint>();
        foreach (var line in lines)
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver" && IPAddress.TryParse(fields[1], out var address))
            {
                servers.Add(new IPEndPoint(address, DefaultPort));
            }
        }
        return servers;
    }
}
