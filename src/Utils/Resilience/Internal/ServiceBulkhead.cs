using System.Threading.RateLimiting;

namespace Mmo.Resilience.Internal;

/// <summary>
/// The calls one service may have in flight from this process: a <see cref="ConcurrencyLimiter"/> (from the shared
/// framework; Polly.RateLimiting does not restore here) with a bounded queue served oldest first.
/// </summary>
internal sealed class ServiceBulkhead : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public ServiceBulkhead(GrpcServicePolicy policy)
    {
        MaxConcurrentCalls = policy.MaxConcurrentCalls;
        MaxQueuedCalls = policy.MaxQueuedCalls;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = policy.MaxConcurrentCalls,
            QueueLimit = policy.MaxQueuedCalls,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int MaxConcurrentCalls { get; }

    public int MaxQueuedCalls { get; }

    /// <summary>A slot if one is free now; null otherwise.</summary>
    public RateLimitLease? TryAcquire()
    {
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        return null;
    }

    /// <summary>Waits in the queue for a slot; a lease that is not acquired means the queue was full.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}
