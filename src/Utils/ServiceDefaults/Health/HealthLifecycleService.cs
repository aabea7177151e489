using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mmo.Grpc.Server.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.ServiceDefaults.Health;

/// <summary>
/// Starts NOT_SERVING until the first readiness run, and turns every status to NOT_SERVING as soon
/// as shutdown begins; then waits <see cref="ServiceOptions.DrainDelaySeconds"/> so balancers notice
/// before Kestrel stops taking new connections and in-flight calls finish within the grace period.
/// </summary>
internal sealed class HealthLifecycleService(HealthStatusRegistry health, IHostApplicationLifetime lifetime, IOptions<ServiceOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        health.SetStatus("", ServingStatus.NotServing);
        lifetime.ApplicationStopping.Register(() =>
        {
            health.SetAllStatuses(ServingStatus.NotServing);
            // ApplicationStopping callbacks run before the server stops: blocking here is the drain delay.
            Thread.Sleep(TimeSpan.FromSeconds(options.Value.DrainDelaySeconds));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
