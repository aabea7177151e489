using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>
/// One layer of a service policy, as written in configuration (<c>Resilience:Services:&lt;service&gt;</c>, or
/// <c>Services:*</c> for every service) or in code (<see cref="GrpcResiliencePolicies.ForService"/>): what all methods
/// of a service share. Unset settings come from <c>*</c>, then from the defaults named here.
/// </summary>
public sealed class GrpcServicePolicyOptions
{
    /// <summary>
    /// Most calls to the service in flight at once from this process (the bulkhead); 0 means no limit.
    /// A unary call holds its slot across its retries. Default: 0.
    /// </summary>
    public int? MaxConcurrentCalls { get; set; }

    /// <summary>
    /// Unary calls that may wait for a slot when all are taken, in arrival order, within their deadline.
    /// Streaming calls never wait. Beyond it a call is rejected at once. 0 or more. Default: 0.
    /// </summary>
    public int? MaxQueuedCalls { get; set; }

    /// <summary>
    /// Status of a call the bulkhead rejects: <c>ResourceExhausted</c> (a local limit, not a sign the service is
    /// down) or <c>Unavailable</c>. Never retried. Default: <c>ResourceExhausted</c>.
    /// </summary>
    public StatusCode? RejectionStatus { get; set; }

    /// <summary>The optional per-service circuit breaker. Default: off.</summary>
    public GrpcCircuitBreakerOptions? CircuitBreaker { get; set; }
}
