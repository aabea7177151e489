namespace Grpc.Core;

/// <summary>
/// The call behind an Async*Call object: either four delegates, or static delegates and a state
/// object, so a runtime can build call objects without allocating closures per call.
/// </summary>
internal readonly struct AsyncCallState
{
    private readonly object _responseHeadersAsync;
    private readonly object _getStatus;
    private readonly object _getTrailers;
    private readonly object _dispose;
    private readonly object? _state;

    public AsyncCallState(Func<Task<Metadata>> responseHeadersAsync, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose)
    {
        _responseHeadersAsync = responseHeadersAsync;
        _getStatus = getStatus;
        _getTrailers = getTrailers;
        _dispose = dispose;
        _state = null;
    }

    public AsyncCallState(Func<object, Task<Metadata>> responseHeadersAsync, Func<object, Status> getStatus, Func<object, Metadata> getTrailers, Action<object> dispose, object state)
    {
        _responseHeadersAsync = responseHeadersAsync;
        _getStatus = getStatus;
        _getTrailers = getTrailers;
        _dispose = dispose;
        _state = state;
    }

    public Task<Metadata> ResponseHeadersAsync() => _state is null
        ? ((Func<Task<Metadata>>)_responseHeadersAsync)()
        : ((Func<object, Task<Metadata>>)_responseHeadersAsync)(_state);

    public Status GetStatus() => _state is null ? ((Func<Status>)_getStatus)() : ((Func<object, Status>)_getStatus)(_state);

    public Metadata GetTrailers() => _state is null ? ((Func<Metadata>)_getTrailers)() : ((Func<object, Metadata>)_getTrailers)(_state);

    public void Dispose()
    {
        if (_state is null)
        {
            ((Action)_dispose)();
        }
        else
        {
            ((Action<object>)_dispose)(_state);
        }
    }
}
