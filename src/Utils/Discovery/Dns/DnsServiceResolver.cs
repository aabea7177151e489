using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Discovery.Diagnostics;
using Mmo.Discovery.Internal;

namespace Mmo.Discovery.Dns;

/// <summary>
/// Every A (and AAAA) record of a service's DNS name with the configured port: the pods behind a Kubernetes headless
/// Service. Re-resolved every <see cref="DnsDiscoveryOptions.RefreshSeconds"/>, sooner when a client reports every
/// endpoint failing (at most once a second); after a failure, retried with backoff while the last endpoints stay.
/// NXDOMAIN means no replicas (an empty set), not a failure.
/// </summary>
internal sealed class DnsServiceResolver(
    IOptions<DnsDiscoveryOptions> options,
    IOptions<DiscoveryOptions> discovery,
    ILogger<DnsServiceResolver> logger,
    TimeProvider time) : ServiceResolverBase(logger, time)
{
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly DnsDiscoveryOptions _options = options.Value;
    private readonly string _scheme = discovery.Value.Scheme;
    private readonly Lazy<DnsClient> _client = new(() => new DnsClient(
        DnsServerList.Resolve(options.Value),
        TimeSpan.FromMilliseconds(options.Value.QueryTimeoutMs),
        options.Value.Attempts));

    /// <summary>The DNS name and port of a service, or an explanation of the missing setting.</summary>
    internal (string Host, int Port, string? Error) Target(string serviceName)
    {
        _options.Services.TryGetValue(serviceName, out var service);
        var host = string.IsNullOrWhiteSpace(service?.Host)
            ? _options.HostTemplate.Replace("{service}", serviceName, StringComparison.OrdinalIgnoreCase)
            : service.Host;
        var port = service?.Port ?? _options.Port;
        return port is > 0 and <= 65535
            ? (host, port, null)
            : (host, port, $"no port for service '{serviceName}': set {DnsDiscoveryOptions.SectionName}:Services:{serviceName}:Port or {DnsDiscoveryOptions.SectionName}:Port");
    }

    protected override async Task RunAsync(ServiceWatch watch, CancellationToken stopping)
    {
        await Task.Yield(); // The caller that first used the name goes on at once.
        var (host, port, error) = Target(watch.ServiceName);
        if (error is not null)
        {
            DiscoveryLog.ServiceNotConfigured(Logger, watch.ServiceName, error);
            watch.Publish([]);
            return;
        }
        var refresh = TimeSpan.FromSeconds(_options.RefreshSeconds);
        var failures = 0;
        while (true)
        {
            TimeSpan wait;
            try
            {
                var endpoints = await ResolveAsync(host, port, stopping).ConfigureAwait(false);
                if (failures > 0)
                {
                    DiscoveryLog.ResolveRecovered(Logger, watch.ServiceName, "dns", failures);
                    failures = 0;
                }
                if (watch.Publish(endpoints))
                {
                    DiscoveryLog.EndpointsChanged(Logger, watch.ServiceName, "dns", endpoints.Length, string.Join(", ", endpoints.AsEnumerable()));
                }
                wait = refresh;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                failures++;
                wait = Backoff.For(failures, MinRefreshInterval, refresh);
                DiscoveryLog.ResolveFailed(Logger, watch.ServiceName, "dns", failures, wait.TotalMilliseconds, ex.Message);
            }
            await watch.WaitAsync(wait, TimeSpan.FromTicks(Math.Min(wait.Ticks, MinRefreshInterval.Ticks)), Time, stopping).ConfigureAwait(false);
        }
    }

    private async Task<ServiceEndpoint[]> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        var client = _client.Value;
        var v4 = client.QueryAsync(host, DnsRecordType.A, cancellationToken);
        var v6 = _options.QueryAaaa ? client.QueryAsync(host, DnsRecordType.Aaaa, cancellationToken) : Task.FromResult<IReadOnlyList<IPAddress>>([]);
        try
        {
            await Task.WhenAll(v4, v6).ConfigureAwait(false);
        }
        catch (DnsResolutionException) when (Usable(v4) || Usable(v6))
        {
            // One family answered with addresses and the other failed (some servers refuse AAAA): use what answered.
            // With no addresses at all the failure stands, so a transient error cannot empty the set.
        }
        IEnumerable<IPAddress> addresses = [.. Answered(v4), .. Answered(v6)];
        return [.. addresses
            .Distinct()
            .OrderBy(a => a.AddressFamily)
            .ThenBy(a => a.GetAddressBytes(), ByteOrder.Instance)
            .Select(a => ServiceEndpoint.Create(_scheme, a, port))];

        static bool Usable(Task<IReadOnlyList<IPAddress>> query) => query.IsCompletedSuccessfully && query.Result.Count > 0;

        static IReadOnlyList<IPAddress> Answered(Task<IReadOnlyList<IPAddress>> query) => query.IsCompletedSuccessfully ? query.Result : [];
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
