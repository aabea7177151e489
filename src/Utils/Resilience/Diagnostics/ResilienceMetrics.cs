using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Mmo.Resilience.Diagnostics;

/// <summary>
/// Meter <c>Mmo.Resilience</c>: <c>mmo.resilience.retries</c> (tags service, method, status: the status of the attempt
/// that is retried) and <c>mmo.resilience.rejections</c> (tags service, method, reason: <c>bulkhead</c> or
/// <c>circuit_open</c>), exported as <c>mmo_resilience_retries_total</c> and <c>mmo_resilience_rejections_total</c>.
/// </summary>
internal sealed class ResilienceMetrics
{
    public const string MeterName = "Mmo.Resilience";

    private readonly Counter<long> _retries;
    private readonly Counter<long> _rejections;

    public ResilienceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _retries = meter.CreateCounter<long>("mmo.resilience.retries", "{retry}", "Retries of outgoing gRPC calls, by the status of the attempt that failed.");
        _rejections = meter.CreateCounter<long>("mmo.resilience.rejections", "{call}", "Outgoing gRPC calls failed locally by a bulkhead or an open circuit breaker.");
    }

    public void Retried(string service, string method, StatusCode status)
    {
        if (_retries.Enabled)
        {
            _retries.Add(1, new TagList { { "service", service }, { "method", method }, { "status", StatusNames.Of(status) } });
        }
    }

    public void Rejected(string service, string method, string reason)
    {
        if (_rejections.Enabled)
        {
            _rejections.Add(1, new TagList { { "service", service }, { "method", method }, { "reason", reason } });
        }
    }
}
