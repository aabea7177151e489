using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>
/// The policy in effect for one service: the matching <see cref="GrpcServicePolicyOptions"/> layers merged with
/// defaults. Resolved once per service by <see cref="GrpcPolicyResolver"/>.
/// </summary>
public sealed record GrpcServicePolicy
{
    /// <summary>The fully qualified service name, e.g. <c>mmo.auth.v1.Auth</c>.</summary>
    public required string ServiceName { get; init; }

    /// <inheritdoc cref="GrpcServicePolicyOptions.MaxConcurrentCalls"/>
    public required int MaxConcurrentCalls { get; init; }

    /// <inheritdoc cref="GrpcServicePolicyOptions.MaxQueuedCalls"/>
    public required int MaxQueuedCalls { get; init; }

    /// <inheritdoc cref="GrpcServicePolicyOptions.RejectionStatus"/>
    public required StatusCode RejectionStatus { get; init; }

    /// <summary>The circuit breaker's settings; null when it is off.</summary>
    public required GrpcCircuitBreakerPolicy? CircuitBreaker { get; init; }

    /// <summary>Whether calls to the service go through a bulkhead.</summary>
    public bool BulkheadEnabled => MaxConcurrentCalls > 0;
}
