using Grpc.Core;
using Mmo.Grpc.Diagnostics;

namespace Mmo.Grpc.Client;

internal sealed partial class ClientCall<TRequest, TResponse> : IAsyncStreamReader<TResponse>
{
    private Task<Status?>? _started;
    private TResponse? _current;
    private bool _reading;
    private StreamingRequestContent? _requestContent;

    /// <summary>The request writer of a client-streaming or duplex call.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; private set; } = null!;

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first.");

    public void StartServerStreaming(TRequest request)
    {
        try
        {
            Token.ThrowIfCancellationRequested();
            var httpRequest = CreateRequest(CreateSingleMessageContent(request));
            _started = SendAsync(httpRequest);
        }
        catch (Exception ex)
        {
            _started = Task.FromException<Status?>(ex);
        }
    }

    public void StartDuplexStreaming()
    {
        _requestContent = new StreamingRequestContent();
        RequestStream = new RequestStreamWriter(this, _requestContent);
        _started = SendAsync(CreateRequest(_requestContent));
        // A write waits for the request stream, which never comes when the request fails before its body
        // starts (connection refused): end the call then, rather than at the deadline, as a read would.
        _started.ContinueWith(
            static (started, state) => ((ClientCall<TRequest, TResponse>)state!).Fail(started.Exception!.InnerException!),
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    partial void OnFinished() => _requestContent?.Abort();

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_reading)
        {
            throw new InvalidOperationException("A read is already in progress: reads must not overlap.");
        }
        _reading = true;
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((ClientCall<TRequest, TResponse>)s!).Cancel(ReasonCancelled), this)
            : default;
        try
        {
            if (_status is { } ended)
            {
                return ended.StatusCode == StatusCode.OK ? false : throw StatusException();
            }
            if (await _started!.ConfigureAwait(false) is { } headerStatus)
            {
                Finish(headerStatus, ResponseMetadata.FromHeaders(_response!));
                return _status!.Value.StatusCode == StatusCode.OK ? false : throw StatusException();
            }
            _current = await ReadMessageAsync().ConfigureAwait(false);
            if (_current is not null)
            {
                return true;
            }
            var status = ReadTrailingStatus(out var trailers);
            // The recorded status, not the parsed one: a cancellation may have ended the call first.
            Finish(status, trailers);
            return _status!.Value.StatusCode == StatusCode.OK ? false : throw StatusException();
        }
        catch (Exception ex) when (_status is null || ex is not RpcException)
        {
            throw Fail(ex);
        }
        finally
        {
            _reading = false;
        }
    }

    /// <summary>Writes requests into the HTTP/2 request body, one at a time.</summary>
    private sealed class RequestStreamWriter(ClientCall<TRequest, TResponse> call, StreamingRequestContent content) : IClientStreamWriter<TRequest>
    {
        private readonly Internal.MessageWriter _writer = new(call._channel.Options.MaxSendMessageSize);
        private bool _completed;
        private bool _writing;

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(TRequest message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (_completed)
            {
                throw new InvalidOperationException("The request stream is complete: no more messages can be written.");
            }
            if (call._status is { } status)
            {
                throw status.StatusCode == StatusCode.OK
                    ? new InvalidOperationException("The call has ended: no more messages can be written.")
                    : call.StatusException();
            }
            if (_writing)
            {
                throw new InvalidOperationException("A write is already in progress: writes must not overlap.");
            }
            _writing = true;
            using var frame = new Internal.PooledBufferWriter();
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static s => ((ClientCall<TRequest, TResponse>)s!).Cancel(ReasonCancelled), call)
                : default;
            var sending = false;
            try
            {
                var compress = call._channel.Options.RequestCompression is not null && ((WriteOptions ?? call._options.WriteOptions)?.Flags & WriteFlags.NoCompress) == 0;
                _writer.Write(frame, call._method.RequestMarshaller, message, compress);
                sending = true;
                var stream = await content.StreamAsync.WaitAsync(call.Token).ConfigureAwait(false);
                await stream.WriteAsync(frame.WrittenMemory, call.Token).ConfigureAwait(false);
                GrpcClientMetrics.Calls.MessageSent(call._info.Tags);
                await stream.FlushAsync(call.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not RpcException || call._status is null)
            {
                // A write fails because the call failed: report the call's status.
                if (call._status is { StatusCode: not StatusCode.OK })
                {
                    throw call.StatusException();
                }
                // A broken request stream does not decide the status: HttpClient also stops the request body
                // when the server has answered early (e.g. RESOURCE_EXHAUSTED before reading every request),
                // and the status in that answer is the call's, read from the response.
                throw !sending ? call.Fail(ex)
                    : ex is OperationCanceledException ? new RpcException(new Status(StatusCode.Cancelled, "The request stream was closed: the server may have ended the call; its status comes with the response.", ex))
                    : new RpcException(call.StatusOf(ex));
            }
            finally
            {
                _writing = false;
            }
        }

        public Task CompleteAsync()
        {
            _completed = true;
            content.Complete();
            return Task.CompletedTask;
        }
    }
}
