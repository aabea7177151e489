using System.Diagnostics;
using System.Globalization;
using System.Net;
using Grpc.Core;
using Mmo.Grpc.Diagnostics;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Client;

/// <summary>
/// One client call over HTTP/2: builds the request, sends it, reads the response messages and the
/// status from the trailers (or from the headers of a trailers-only response). The deadline and the
/// caller's token cancel one token source; the reason decides between DEADLINE_EXCEEDED and CANCELLED.
/// The call ends (its status is known) the moment that source is cancelled, as in Grpc.Net.Client: a
/// pending read or write then fails with that status.
/// </summary>
internal sealed partial class ClientCall<TRequest, TResponse> : IClientCall
    where TRequest : class where TResponse : class
{
    private const int ReasonNone = 0, ReasonCancelled = 1, ReasonDisposed = 2;

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly string? _host;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _callerRegistration;
    private CancellationTokenRegistration _channelRegistration;
    private DateTime? _deadline;
    private int _cancelReason;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private TaskCompletionSource<Metadata>? _responseHeaders;
    private Status? _status;
    private Metadata? _trailers;
    private ResponseFrameReader? _frames;
    private MessageReader? _messageReader;
    private bool _readInFlight;

    private readonly ClientMethodInfo _info;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _info = channel.GetMethodInfo(method);
        GrpcClientMetrics.Calls.Started(_info.Tags);
        _host = host;
        _options = options;
        if (options.CancellationToken.CanBeCanceled)
        {
            _callerRegistration = options.CancellationToken.UnsafeRegister(static s => ((ClientCall<TRequest, TResponse>)s!).Cancel(ReasonCancelled), this);
        }
        _channelRegistration = channel.DisposedToken.UnsafeRegister(static s => ((ClientCall<TRequest, TResponse>)s!).Cancel(ReasonDisposed), this);
        // Registered before the deadline timer starts, so that a deadline already past ends the call too.
        _cts.Token.UnsafeRegister(static s => ((ClientCall<TRequest, TResponse>)s!).OnCancelled(), this);
        if (options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            _deadline = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            var timeout = _deadline.Value - DateTime.UtcNow;
            if (timeout <= TimeSpan.Zero)
            {
                _cts.Cancel();
            }
            else if (timeout.TotalMilliseconds < uint.MaxValue - 1)
            {
                _cts.CancelAfter(timeout);
            }
        }
    }

    private CancellationToken Token => _cts.Token;

    public Task<Metadata> GetResponseHeadersAsync()
    {
        lock (_lock)
        {
            if (_responseHeaders is null)
            {
                _responseHeaders = new TaskCompletionSource<Metadata>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_response is not null)
                {
                    _responseHeaders.TrySetResult(ResponseMetadata.FromHeaders(_response));
                }
                else if (_status is { } status)
                {
                    _responseHeaders.TrySetException(new RpcException(status, _trailers ?? Metadata.Empty));
                }
            }
            return _responseHeaders.Task;
        }
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not ended yet: its status is not known.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not ended yet: its trailers are not known.");

    public void Dispose()
    {
        if (_status is null)
        {
            Cancel(ReasonDisposed);
            Finish(new Status(StatusCode.Cancelled, "The call was disposed."), Metadata.Empty);
        }
    }

    private void Cancel(int reason)
    {
        Interlocked.CompareExchange(ref _cancelReason, reason, ReasonNone);
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended meanwhile.
        }
    }

    /// <summary>Ends the call with the status of its cancellation, unless it has ended already.</summary>
    private void OnCancelled() => Finish(StatusOf(new OperationCanceledException(Token)), Metadata.Empty);

    private HttpRequestMessage CreateRequest(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _info.Uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        _request = request;
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation(GrpcProtocol.UserAgentHeader, ClientInfo.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        content.Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
        if (_channel.Options.RequestCompression is { } encoding)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, encoding);
        }
        if (_deadline is { } deadline)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(deadline - DateTime.UtcNow));
        }
        if (_host is not null)
        {
            headers.Host = _host;
        }
        if (_options.Headers is { Count: > 0 } metadata)
        {
            foreach (var entry in metadata)
            {
                headers.TryAddWithoutValidation(entry.Key, MetadataEncoding.EncodeValue(entry));
            }
        }
        return request;
    }

    /// <summary>Frames the single request of a unary or server-streaming call.</summary>
    private SingleMessageContent CreateSingleMessageContent(TRequest request)
    {
        var frame = new PooledBufferWriter();
        try
        {
            new MessageWriter(_channel.Options.MaxSendMessageSize)
                .Write(frame, _method.RequestMarshaller, request, _channel.Options.RequestCompression is not null);
            GrpcClientMetrics.Calls.MessageSent(_info.Tags);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
        return new SingleMessageContent(frame);
    }

    /// <summary>Sends the request and checks the response headers; returns the final status when the response is trailers-only or not gRPC.</summary>
    private async Task<Status?> SendAsync(HttpRequestMessage request)
    {
        var response = await _channel.HttpInvoker.SendAsync(request, Token).ConfigureAwait(false);
        lock (_lock)
        {
            if (_status is not null)
            {
                // The call ended while the response was on its way: Finish did not see it to free it.
                response.Dispose();
                throw StatusException();
            }
            _response = response;
            _responseHeaders?.TrySetResult(ResponseMetadata.FromHeaders(response));
        }
        if (ResponseMetadata.GetHeaderStatus(response) is { } status)
        {
            return status;
        }
        _frames = new ResponseFrameReader(await response.Content.ReadAsStreamAsync(Token).ConfigureAwait(false), _channel.Options.MaxReceiveMessageSize);
        _messageReader = new MessageReader(_channel.Options.MaxReceiveMessageSize, ResponseMetadata.GetEncoding(response));
        return null;
    }

    /// <summary>Reads the next response; null at the end of the body.</summary>
    private async ValueTask<TResponse?> ReadMessageAsync()
    {
        lock (_lock)
        {
            if (_status is not null)
            {
                throw StatusException();
            }
            _readInFlight = true;
        }
        try
        {
            if (!await _frames!.ReadAsync(Token).ConfigureAwait(false))
            {
                return null;
            }
            var message = _messageReader!.Deserialize(_method.ResponseMarshaller, _frames.Compressed, _frames.Payload);
            GrpcClientMetrics.Calls.MessageReceived(_info.Tags);
            return message;
        }
        finally
        {
            bool ended;
            lock (_lock)
            {
                _readInFlight = false;
                ended = _status is not null;
            }
            if (ended)
            {
                // Finish ran during the read (a cancellation, the deadline) and left the pooled buffer to the reader.
                _frames?.Dispose();
            }
        }
    }

    /// <summary>The status in the trailers, read once the body has ended.</summary>
    private Status ReadTrailingStatus(out Metadata trailers)
    {
        var response = _response!;
        trailers = ResponseMetadata.FromTrailers(response.TrailingHeaders);
        return ResponseMetadata.ParseStatus(response.TrailingHeaders)
            ?? new Status(StatusCode.Internal, "The response ended without a grpc-status.");
    }

    /// <summary>Records the final status and frees the HTTP stream; the first status wins.</summary>
    private bool Finish(Status status, Metadata trailers)
    {
        bool freeFrames;
        lock (_lock)
        {
            if (_status is not null)
            {
                return false;
            }
            _status = status;
            _trailers = trailers.Freeze();
            GrpcClientMetrics.Calls.Handled(_info.Tags, status.StatusCode, _startTimestamp);
            _responseHeaders?.TrySetException(new RpcException(status, trailers));
            // A read in flight on another thread still uses the frame buffer: the reader frees it.
            freeFrames = !_readInFlight;
        }
        _callerRegistration.Dispose();
        _channelRegistration.Dispose();
        if (status.StatusCode != StatusCode.OK)
        {
            // Resets the HTTP/2 stream if the server is still sending.
            Cancel(ReasonDisposed);
        }
        else
        {
            // Takes the deadline timer out of the timer queue now rather than when it would have fired.
            _cts.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        if (freeFrames)
        {
            _frames?.Dispose();
        }
        _response?.Dispose();
        _request?.Dispose();
        OnFinished();
        return true;
    }

    partial void OnFinished();

    /// <summary>The status an exception stands for, once the call has failed with it.</summary>
    private Status StatusOf(Exception ex)
    {
        if (ex is RpcException rpc)
        {
            return rpc.Status;
        }
        if (_cts.IsCancellationRequested)
        {
            return Volatile.Read(ref _cancelReason) switch
            {
                ReasonNone => new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded", ex),
                ReasonCancelled => new Status(StatusCode.Cancelled, "Call canceled by the client.", ex),
                _ => _status ?? new Status(StatusCode.Cancelled, "The call was disposed.", ex),
            };
        }
        return TransportErrors.ToStatus(ex);
    }

    /// <summary>Fails the call with the status of <paramref name="ex"/> and returns the exception to throw.</summary>
    private RpcException Fail(Exception ex)
    {
        var status = StatusOf(ex);
        var trailers = ex is RpcException rpc ? rpc.Trailers : Metadata.Empty;
        Finish(status, trailers);
        return new RpcException(_status!.Value, _trailers!);
    }

    private RpcException StatusException() => new(_status!.Value, _trailers!);

    private static class ClientInfo
    {
        public static readonly string UserAgent = "mmo-grpc-dotnet/" + (typeof(GrpcChannel).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");
    }
}
