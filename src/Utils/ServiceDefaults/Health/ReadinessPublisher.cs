using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Server.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.ServiceDefaults.Health;

/// <summary>
/// Makes grpc.health.v1 follow readiness: the readiness checks (tag <see cref="HealthTags.Ready"/>)
/// run periodically and their result sets the server's status, so Kubernetes gRPC probes and Consul
/// GRPC checks see the same thing as /readyz. Once shutdown starts, the status stays NOT_SERVING.
/// Changes are logged once each (Warning when readiness is lost), not on every run.
/// </summary>
internal sealed class ReadinessPublisher(HealthStatusRegistry health, IHostApplicationLifetime lifetime, ILogger<ReadinessPublisher> logger) : IHealthCheckPublisher
{
    private HealthStatus? _last;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }
        health.SetStatus("", report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving);
        if (_last != report.Status)
        {
            LogChange(report);
            _last = report.Status;
        }
        return Task.CompletedTask;
    }

    private void LogChange(HealthReport report)
    {
        var failing = string.Join("; ", report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString()}"));
        if (report.Status == HealthStatus.Healthy)
        {
            ReadinessLog.Ready(logger);
        }
        else
        {
            ReadinessLog.NotReady(logger, report.Status, failing);
        }
    }
}
