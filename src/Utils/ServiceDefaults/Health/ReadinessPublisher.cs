using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Mmo.Grpc.Server.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.ServiceDefaults.Health;

/// <summary>
/// Makes grpc.health.v1 follow readiness: the readiness checks (tag <see cref="HealthTags.Ready"/>)
/// run periodically and their result sets the server's status, so Kubernetes gRPC probes and Consul
/// GRPC checks see the same thing as /readyz. Once shutdown starts, the status stays NOT_SERVING.
/// </summary>
internal sealed class ReadinessPublisher(HealthStatusRegistry health, IHostApplicationLifetime lifetime) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        if (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            health.SetStatus("", report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving);
        }
        return Task.CompletedTask;
    }
}
