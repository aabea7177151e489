using Microsoft.Extensions.Hosting;
using Mmo.Grpc.Server.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.ServiceDefaults;

/// <summary>
/// Reports NOT_SERVING through grpc.health.v1 from the moment shutdown begins, so load balancers and
/// Kubernetes stop sending new calls while in-flight ones finish within the grace period.
/// </summary>
internal sealed class HealthLifecycleService(HealthStatusRegistry health, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => health.SetAllStatuses(ServingStatus.NotServing));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
