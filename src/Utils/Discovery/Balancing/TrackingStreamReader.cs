using Grpc.Core;

namespace Mmo.Discovery.Balancing;

/// <summary>A response stream that tells its <see cref="TrackedCall"/> when the stream ends or fails.</summary>
internal sealed class TrackingStreamReader<T>(IAsyncStreamReader<T> inner, TrackedCall call) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        bool moved;
        try
        {
            moved = await inner.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            call.OnFailed(ex.Status);
            throw;
        }
        if (!moved)
        {
            call.OnEnded();
        }
        return moved;
    }
}
