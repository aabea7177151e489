using System.Threading.RateLimiting;
using Grpc.Core;

namespace Mmo.Resilience.Internal;

/// <summary>
/// A streaming call and the bulkhead slot it holds. The slot is freed once, by whichever comes first: the response
/// stream ending (or failing), the single response arriving (client streaming), or the call being disposed.
/// </summary>
internal sealed class StreamingSlot<TCall>(TCall call, RateLimitLease lease) : IDisposable
    where TCall : class, IDisposable
{
    private RateLimitLease? _lease = lease;

    public TCall Call { get; } = call;

    public void Release() => Interlocked.Exchange(ref _lease, null)?.Dispose();

    public void Dispose()
    {
        Call.Dispose();
        Release();
    }

    /// <summary>A reader that frees the slot when the stream ends.</summary>
    public IAsyncStreamReader<T> Wrap<T>(IAsyncStreamReader<T> reader) => new ReleasingReader<T>(reader, this);

    /// <summary>The response task, freeing the slot once it completes.</summary>
    public async Task<T> Wrap<T>(Task<T> response)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    private sealed class ReleasingReader<T>(IAsyncStreamReader<T> inner, StreamingSlot<TCall> slot) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                if (await inner.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException)
            {
                slot.Release();
                throw;
            }
            slot.Release();
            return false;
        }
    }
}
