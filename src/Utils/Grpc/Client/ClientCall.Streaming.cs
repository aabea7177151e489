using Grpc.Core;

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
                return headerStatus.StatusCode == StatusCode.OK ? false : throw StatusException();
            }
            _current = await ReadMessageAsync().ConfigureAwait(false);
            if (_current is not null)
            {
                return true;
            }
            var status = ReadTrailingStatus(out var trailers);
            Finish(status, trailers);
            return status.StatusCode == StatusCode.OK ? false : throw StatusException();
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
            try
            {
                var compress = call._channel.Options.RequestCompression is not null && ((WriteOptions ?? call._options.WriteOptions)?.Flags & WriteFlags.NoCompress) == 0;
                _writer.Write(frame, call._method.RequestMarshaller, message, compress);
                var stream = await content.StreamAsync.WaitAsync(call.Token).ConfigureAwait(false);
                await stream.WriteAsync(frame.WrittenMemory, call.Token).ConfigureAwait(false);
                await stream.FlushAsync(call.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not RpcException || call._status is null)
            {
                // A write fails because the call failed: report the call's status.
                throw call._status is { StatusCode: not StatusCode.OK } ? call.StatusException() : call.Fail(ex);
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
