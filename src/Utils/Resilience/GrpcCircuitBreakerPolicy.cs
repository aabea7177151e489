using System.Collections.Frozen;
using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>The settings of a service's circuit breaker once merged (see <see cref="GrpcCircuitBreakerOptions"/>).</summary>
public sealed record GrpcCircuitBreakerPolicy
{
    /// <summary>The built-in defaults of an enabled breaker.</summary>
    public static GrpcCircuitBreakerPolicy Default { get; } = new()
    {
        FailureRatio = 0.5,
        MinimumThroughput = 10,
        SamplingDuration = TimeSpan.FromSeconds(10),
        BreakDuration = TimeSpan.FromSeconds(5),
        FailureStatuses = new[] { StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.ResourceExhausted, StatusCode.Internal }.ToFrozenSet(),
    };

    /// <inheritdoc cref="GrpcCircuitBreakerOptions.FailureRatio"/>
    public required double FailureRatio { get; init; }

    /// <inheritdoc cref="GrpcCircuitBreakerOptions.MinimumThroughput"/>
    public required int MinimumThroughput { get; init; }

    /// <inheritdoc cref="GrpcCircuitBreakerOptions.SamplingDuration"/>
    public required TimeSpan SamplingDuration { get; init; }

    /// <inheritdoc cref="GrpcCircuitBreakerOptions.BreakDuration"/>
    public required TimeSpan BreakDuration { get; init; }

    /// <inheritdoc cref="GrpcCircuitBreakerOptions.FailureStatuses"/>
    public required IReadOnlySet<StatusCode> FailureStatuses { get; init; }
}
