using Grpc.Core;

namespace Mmo.Grpc.Server.Internal;

/// <summary>The response stream of a server-streaming or duplex call; each write is flushed unless BufferHint is set.</summary>
internal sealed class ServerStreamWriter<TResponse>(ServerCall call, Marshaller<TResponse> marshaller) : IServerStreamWriter<TResponse>
    where TResponse : class
{
    public WriteOptions? WriteOptions
    {
        get => call.WriteOptions;
        set => call.WriteOptions = value;
    }

    public Task WriteAsync(TResponse message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(TResponse message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken;
        if (call.CancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(call.CancellationToken);
        }
        return call.WriteMessageAsync(marshaller, message, null, flush: true, token).AsTask();
    }
}
