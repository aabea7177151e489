using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>Sets one layer of a service policy in code; see <see cref="GrpcServicePolicyOptions"/> for what each setting means.</summary>
public sealed class GrpcServicePolicyBuilder
{
    internal GrpcServicePolicyBuilder(GrpcServicePolicyOptions options) => Options = options;

    /// <summary>The layer being set.</summary>
    public GrpcServicePolicyOptions Options { get; }

    /// <summary>Limits the calls in flight to the service; <paramref name="maxConcurrentCalls"/> 0 removes the limit.</summary>
    public GrpcServicePolicyBuilder Bulkhead(int maxConcurrentCalls, int maxQueuedCalls = 0, StatusCode? rejectionStatus = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxConcurrentCalls);
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueuedCalls);
        if (rejectionStatus is { } status && status is not (StatusCode.ResourceExhausted or StatusCode.Unavailable))
        {
            throw new ArgumentException("A bulkhead rejects with ResourceExhausted or Unavailable.", nameof(rejectionStatus));
        }
        Options.MaxConcurrentCalls = maxConcurrentCalls;
        Options.MaxQueuedCalls = maxQueuedCalls;
        Options.RejectionStatus = rejectionStatus ?? Options.RejectionStatus;
        return this;
    }

    /// <summary>Turns the per-service circuit breaker on (or off) and lets <paramref name="configure"/> tune it.</summary>
    public GrpcServicePolicyBuilder CircuitBreaker(bool enabled = true, Action<GrpcCircuitBreakerOptions>? configure = null)
    {
        var breaker = Options.CircuitBreaker ??= new GrpcCircuitBreakerOptions();
        breaker.Enabled = enabled;
        configure?.Invoke(breaker);
        return this;
    }
}
