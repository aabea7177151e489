using System.Threading.RateLimiting;
using Grpc.Core;

namespace Mmo.Resilience.Internal;

internal sealed partial class ResilientUnaryCall<TRequest, TResponse>
{
    /// <summary>
    /// A slot of the service's bulkhead, held until the call ends: at once if one is free, else in the queue until
    /// the call's deadline or cancellation; a full queue rejects the call before anything is sent.
    /// </summary>
    private async ValueTask<RateLimitLease?> AcquireSlotAsync()
    {
        if (_plan.Bulkhead is not { } bulkhead)
        {
            return null;
        }
        if (bulkhead.TryAcquire() is { } lease)
        {
            return lease;
        }
        if (bulkhead.MaxQueuedCalls > 0)
        {
            var remaining = _deadline - Now;
            if (remaining <= TimeSpan.Zero)
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            }
            // Timers longer than a day are as good as none, and CancellationTokenSource refuses the longest.
            using var timeout = new CancellationTokenSource(remaining > TimeSpan.FromDays(1) ? Timeout.InfiniteTimeSpan : remaining, _shared.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token, timeout.Token);
            try
            {
                lease = await bulkhead.AcquireAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!_cts.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"Deadline Exceeded while waiting for a free slot in the bulkhead of {_plan.ServiceName}.", ex));
            }
            if (lease.IsAcquired)
            {
                return lease;
            }
            lease.Dispose();
        }
        throw new RpcException(_shared.RejectByBulkhead(_plan, bulkhead));
    }
}
