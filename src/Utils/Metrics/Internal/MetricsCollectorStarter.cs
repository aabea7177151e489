using Microsoft.Extensions.Hosting;

namespace Mmo.Metrics.Internal;

/// <summary>
/// Starts the collector in <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service's
/// StartAsync and so before Kestrel accepts a connection: a counter must not miss the first requests.
/// </summary>
internal sealed class MetricsCollectorStarter(MetricsCollector collector) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
