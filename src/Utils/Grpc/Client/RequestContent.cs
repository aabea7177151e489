using System.Net;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Client;

/// <summary>The body of a unary or server-streaming request: one message, framed before the call starts.</summary>
internal sealed class SingleMessageContent(PooledBufferWriter frame) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(frame.WrittenMemory, cancellationToken).AsTask();

    // No Content-Length: gRPC bodies end with END_STREAM.
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            frame.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// The body of a client-streaming or duplex request: HttpClient hands over the request stream, the
/// call's writer writes messages into it, and completing the content half-closes the call.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request stream, once HttpClient has opened it.</summary>
    public Task<Stream> StreamAsync => _stream.Task;

    /// <summary>Ends the request body (half-close).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Abandons the request body when the call ends early.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _completed.TrySetResult();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        // SocketsHttpHandler holds the request HEADERS until the body is first flushed: without this the
        // server never hears of a call whose first message is not written yet (grpc-dotnet's PushStreamContent does the same).
        await stream.FlushAsync().ConfigureAwait(false);
        _stream.TrySetResult(stream);
        await _completed.Task.ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
