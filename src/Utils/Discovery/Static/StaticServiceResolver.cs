using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Discovery.Diagnostics;
using Mmo.Discovery.Internal;

namespace Mmo.Discovery.Static;

/// <summary>Endpoints from <see cref="StaticDiscoveryOptions"/>, republished whenever the configuration reloads.</summary>
internal sealed class StaticServiceResolver(IOptionsMonitor<StaticDiscoveryOptions> options, ILogger<StaticServiceResolver> logger, TimeProvider time)
    : ServiceResolverBase(logger, time)
{
    protected override async Task RunAsync(ServiceWatch watch, CancellationToken stopping)
    {
        // Published before the first await: a static name is known the moment it is first used.
        Publish(watch, options.CurrentValue);
        using var registration = options.OnChange(changed => Publish(watch, changed));
        await Task.Delay(Timeout.InfiniteTimeSpan, Time, stopping).ConfigureAwait(false);
    }

    private void Publish(ServiceWatch watch, StaticDiscoveryOptions current)
    {
        var endpoints = new List<ServiceEndpoint>();
        if (current.Services.TryGetValue(watch.ServiceName, out var addresses))
        {
            foreach (var address in addresses)
            {
                // Validation rejects bad addresses; skipping here keeps one bad entry from hiding the good ones.
                if (StaticDiscoveryOptionsValidator.TryParse(address, out var uri))
                {
                    endpoints.Add(new ServiceEndpoint(uri));
                }
            }
        }
        if (watch.Publish(endpoints.Distinct().ToArray()))
        {
            DiscoveryLog.EndpointsChanged(Logger, watch.ServiceName, "static", endpoints.Count, string.Join(", ", endpoints));
        }
    }
}
