using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mmo.Discovery.Balancing;
using Mmo.Discovery.Dns;

namespace Mmo.Discovery.Internal;

/// <summary>
/// Creates the invoker of every service a typed client calls when the host starts, so resolution (Consul, DNS)
/// begins before the first call rather than on it. It does not wait for the answers. In mode Dns it first checks
/// that each of those services has a port, which options validation cannot know.
/// </summary>
internal sealed class DiscoveryWarmup(BalancingCallInvokerFactory invokers, IServiceResolver resolver, IOptions<DiscoveryClientNames> names) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (resolver is DnsServiceResolver dns)
        {
            var errors = names.Value.ServiceNames.Select(name => dns.Target(name).Error).OfType<string>().ToList();
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(DnsDiscoveryOptions.SectionName, typeof(DnsDiscoveryOptions), errors);
            }
        }
        foreach (var name in names.Value.ServiceNames)
        {
            invokers.GetInvoker(name);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
