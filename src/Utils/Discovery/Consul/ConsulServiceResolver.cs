using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Discovery.Diagnostics;
using Mmo.Discovery.Internal;

namespace Mmo.Discovery.Consul;

/// <summary>
/// Healthy instances from the Consul agent, kept current with blocking queries on
/// <c>/v1/health/service/&lt;name&gt;?passing=true</c>. Follows Consul's blocking-query rules: the index resets to 0
/// when it goes backwards and is at least 1 otherwise, and the loop is rate limited (token bucket, burst 2).
/// Failures keep the last known endpoints and retry with exponential backoff.
/// </summary>
internal sealed class ConsulServiceResolver(
    ConsulClient client,
    IOptions<ConsulDiscoveryOptions> options,
    IOptions<DiscoveryOptions> discovery,
    ILogger<ConsulServiceResolver> logger,
    TimeProvider time) : ServiceResolverBase(logger, time)
{
    private readonly ConsulDiscoveryOptions _options = options.Value;
    private readonly string _scheme = discovery.Value.Scheme;

    /// <summary>The index to send next, after an answer with <paramref name="returned"/> to a query with <paramref name="previous"/>.</summary>
    public static ulong NextIndex(ulong previous, ulong returned) => returned < previous ? 0 : Math.Max(returned, 1);

    protected override async Task RunAsync(ServiceWatch watch, CancellationToken stopping)
    {
        await Task.Yield(); // The caller that first used the name goes on at once.
        var wait = TimeSpan.FromSeconds(_options.BlockingWaitSeconds);
        var initialBackoff = TimeSpan.FromMilliseconds(_options.ErrorBackoffMs);
        var maxBackoff = TimeSpan.FromMilliseconds(Math.Max(_options.MaxErrorBackoffMs, _options.ErrorBackoffMs));
        var limiter = new TokenBucket(2, TimeSpan.FromMilliseconds(_options.MinQueryIntervalMs), Time);
        ulong index = 0;
        var failures = 0;
        while (true)
        {
            await limiter.TakeAsync(stopping).ConfigureAwait(false);
            ConsulHealthResult result;
            try
            {
                result = await client.GetPassingInstancesAsync(watch.ServiceName, index, wait, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                failures++;
                var delay = Backoff.For(failures, initialBackoff, maxBackoff);
                DiscoveryLog.ResolveFailed(Logger, watch.ServiceName, "consul", failures, delay.TotalMilliseconds, ex.Message);
                // A refresh request (every endpoint failing) may cut a long backoff short, never the first step.
                await watch.WaitAsync(delay, TimeSpan.FromTicks(Math.Min(delay.Ticks, initialBackoff.Ticks)), Time, stopping).ConfigureAwait(false);
                continue;
            }
            if (failures > 0)
            {
                DiscoveryLog.ResolveRecovered(Logger, watch.ServiceName, "consul", failures);
                failures = 0;
            }
            var next = NextIndex(index, result.Index);
            if (result.Index < index)
            {
                DiscoveryLog.ConsulIndexReset(Logger, watch.ServiceName, index, result.Index);
            }
            index = next;
            var endpoints = ToEndpoints(result.Entries);
            if (watch.Publish(endpoints))
            {
                DiscoveryLog.EndpointsChanged(Logger, watch.ServiceName, "consul", endpoints.Length, string.Join(", ", endpoints.AsEnumerable()));
            }
        }
    }

    private ServiceEndpoint[] ToEndpoints(ConsulServiceEntry[] entries)
    {
        var endpoints = new List<ServiceEndpoint>(entries.Length);
        foreach (var entry in entries)
        {
            // A service registered without an address is reached at its node's address (Consul's rule).
            var host = string.IsNullOrEmpty(entry.Service?.Address) ? entry.Node?.Address : entry.Service.Address;
            if (string.IsNullOrEmpty(host) || entry.Service is not { Port: > 0 and <= 65535 } service)
            {
                continue;
            }
            endpoints.Add(IPAddress.TryParse(host, out var ip) ? ServiceEndpoint.Create(_scheme, ip, service.Port) : ServiceEndpoint.Create(_scheme, host, service.Port));
        }
        return [.. endpoints.Distinct().OrderBy(e => e.Address.Authority, StringComparer.Ordinal)];
    }
}
