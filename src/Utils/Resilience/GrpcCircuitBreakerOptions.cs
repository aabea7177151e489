using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>
/// The optional per-service circuit breaker (<c>Resilience:Services:&lt;service&gt;:CircuitBreaker</c>): after too many
/// failed attempts it fails calls to the whole service at once with UNAVAILABLE for a while, then lets one call
/// through to probe. Off by default: the discovery layer's per-endpoint breaker usually does the job better
/// (docs/resilience.md). Unset settings come from <c>Services:*</c>, then from the defaults named here.
/// </summary>
public sealed class GrpcCircuitBreakerOptions
{
    /// <summary>Whether the breaker is on for the service. Default: <c>false</c>.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the breaker, in (0, 1]. Default: 0.5.</summary>
    public double? FailureRatio { get; set; }

    /// <summary>Fewest attempts within <see cref="SamplingDuration"/> before the ratio counts, at least 2. Default: 10.</summary>
    public int? MinimumThroughput { get; set; }

    /// <summary>Window over which the failure ratio is measured, at least 500 ms. Default: 10 s.</summary>
    public TimeSpan? SamplingDuration { get; set; }

    /// <summary>How long the breaker stays open before it lets one probe call through, at least 500 ms. Default: 5 s.</summary>
    public TimeSpan? BreakDuration { get; set; }

    /// <summary>
    /// Attempt statuses that count as failures of the service; any other outcome counts as a success.
    /// Default: <c>[Unavailable, DeadlineExceeded, ResourceExhausted, Internal]</c>.
    /// </summary>
    public List<StatusCode>? FailureStatuses { get; set; }
}
