using System.Buffers;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Server.Internal;

internal sealed partial class ServerCall
{
    /// <summary>Reads the next request; null at the end of the request stream.</summary>
    public async ValueTask<T?> ReadMessageAsync<T>(Marshaller<T> marshaller, CancellationToken cancellationToken)
        where T : class
    {
        var body = _httpContext.Request.BodyReader;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            T message;
            try
            {
                if (_reader.TryReadFrame(ref buffer, out var compressed, out var payload))
                {
                    message = _reader.Deserialize(marshaller, compressed, payload);
                    body.AdvanceTo(buffer.Start);
                    _metrics.MessageReceived(_method.Tags);
                    return message;
                }
            }
            catch
            {
                body.AdvanceTo(result.Buffer.Start);
                throw;
            }
            if (result.IsCompleted)
            {
                body.AdvanceTo(buffer.End);
                if (buffer.Length == 0)
                {
                    return null;
                }
                throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the request stream ended inside a message."));
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads the single request of a unary or server-streaming call.</summary>
    public async ValueTask<T> ReadSingleMessageAsync<T>(Marshaller<T> marshaller)
        where T : class
    {
        var token = CancellationTokenCore;
        var message = await ReadMessageAsync(marshaller, token).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The request ended without a message."));
        if (await ReadMessageAsync(marshaller, token).ConfigureAwait(false) is not null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The request held more than one message for a single-request method."));
        }
        return message;
    }

    /// <summary>Frames one response into the body; flushes unless the write is only buffered.</summary>
    public ValueTask WriteMessageAsync<T>(Marshaller<T> marshaller, T message, WriteOptions? writeOptions, bool flush, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            throw new InvalidOperationException("The call has ended: no more responses can be written.");
        }
        if (_writePending)
        {
            throw new InvalidOperationException("A response write is already in progress: writes must not overlap.");
        }
        cancellationToken.ThrowIfCancellationRequested();
        PrepareResponseHeaders();
        var flags = (writeOptions ?? WriteOptionsCore)?.Flags ?? default;
        var compress = _compressResponses && (flags & WriteFlags.NoCompress) == 0;
        var body = _httpContext.Response.BodyWriter;
        _writer.Write(body, marshaller, message, compress);
        _metrics.MessageSent(_method.Tags);
        if (!flush || (flags & WriteFlags.BufferHint) != 0)
        {
            return ValueTask.CompletedTask;
        }
        var flushTask = body.FlushAsync(cancellationToken);
        if (flushTask.IsCompletedSuccessfully)
        {
            flushTask.GetAwaiter().GetResult();
            return ValueTask.CompletedTask;
        }
        return AwaitFlushAsync(flushTask);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<System.IO.Pipelines.FlushResult> flushTask)
    {
        _writePending = true;
        try
        {
            await flushTask.ConfigureAwait(false);
        }
        finally
        {
            _writePending = false;
        }
    }

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders)
    {
        if (_responseStarted)
        {
            throw new InvalidOperationException("Response headers can only be sent once per call.");
        }
        var headers = _httpContext.Response.Headers;
        foreach (var entry in responseHeaders)
        {
            if (!GrpcProtocol.IsReservedHeader(entry.Key))
            {
                headers.Append(entry.Key, MetadataEncoding.EncodeValue(entry));
            }
        }
        PrepareResponseHeaders();
        return _httpContext.Response.BodyWriter.FlushAsync(CancellationTokenCore).AsTask();
    }

    private void PrepareResponseHeaders()
    {
        if (_responseStarted)
        {
            return;
        }
        _responseStarted = true;
        if (_compressResponses)
        {
            _httpContext.Response.Headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.GzipEncoding;
        }
    }
}
