using Grpc.Core;

namespace Mmo.Discovery.Balancing;

/// <summary>What the static callbacks of a balanced <see cref="AsyncUnaryCall{TResponse}"/> need, whatever its types.</summary>
internal interface IBalancedUnaryCall
{
    Task<Metadata> GetResponseHeadersAsync();

    Status GetStatus();

    Metadata GetTrailers();

    void Dispose();
}

/// <summary>
/// A unary call over a balanced service. It picks an endpoint (waiting for the first resolution if there is none
/// yet, within the call's deadline), and when the call could not connect there — nothing was sent — it tries
/// another endpoint, up to <c>maxAttempts</c> in all. Headers, status and trailers are those of the last attempt.
/// </summary>
internal sealed class BalancedUnaryCall<TRequest, TResponse> : IBalancedUnaryCall
    where TRequest : class where TResponse : class
{
    private readonly BalancingCallInvoker _owner;
    private readonly Method<TRequest, TResponse> _method;
    private readonly string? _host;
    private readonly CallOptions _options;
    private readonly TRequest _request;
    private readonly int _maxAttempts;
    private readonly Lock _lock = new();
    // Completes with the first attempt, or null when the call failed before any.
    private readonly TaskCompletionSource<Attempt?> _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Attempt? _current;
    private bool _disposed;
    private Status? _status;
    private Metadata? _trailers;

    public BalancedUnaryCall(BalancingCallInvoker owner, Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request, int maxAttempts)
    {
        _owner = owner;
        _method = method;
        _host = host;
        _options = options;
        _request = request;
        _maxAttempts = Math.Max(1, maxAttempts);
        ResponseAsync = RunAsync();
    }

    public Task<TResponse> ResponseAsync { get; }

    public async Task<Metadata> GetResponseHeadersAsync()
    {
        var attempt = await _firstAttempt.Task.ConfigureAwait(false);
        while (true)
        {
            if (attempt is null)
            {
                throw new RpcException(GetStatus(), GetTrailers());
            }
            try
            {
                return await attempt.Call.ResponseHeadersAsync.ConfigureAwait(false);
            }
            catch (RpcException)
            {
                // A retried attempt's failure is not the call's: its successor's headers are.
                var next = await attempt.Next.Task.ConfigureAwait(false);
                if (next is null)
                {
                    throw;
                }
                attempt = next;
            }
        }
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not ended yet: its status is not known.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not ended yet: its trailers are not known.");

    public void Dispose()
    {
        Attempt? current;
        lock (_lock)
        {
            _disposed = true;
            current = _current;
        }
        current?.Call.Dispose();
    }

    private async Task<TResponse> RunAsync()
    {
        Attempt? previous = null;
        List<Endpoint>? failed = null;
        for (var attempt = 1; ; attempt++)
        {
            Endpoint endpoint;
            bool trial;
            try
            {
                (endpoint, trial) = await PickAsync(failed).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                // With an earlier attempt, its connection error explains the failure better than "no endpoint left".
                var error = previous?.Error ?? ex;
                End(error.Status, error.Trailers, previous, next: null);
                throw error;
            }
            Attempt current;
            try
            {
                current = new Attempt(endpoint.Invoker.AsyncUnaryCall(_method, _host, _options, _request));
            }
            catch (Exception ex)
            {
                // A channel interceptor threw before the call started: nothing to say about the endpoint.
                BalancingCallInvoker.Abandon(endpoint, trial);
                End(new Status(StatusCode.Internal, $"Starting the call failed: {ex.Message}", ex), Metadata.Empty, previous, next: null);
                throw;
            }
            lock (_lock)
            {
                _current = current;
                if (_disposed)
                {
                    current.Call.Dispose();
                }
            }
            if (previous is null)
            {
                _firstAttempt.TrySetResult(current);
            }
            else
            {
                previous.Next.TrySetResult(current);
            }
            try
            {
                var response = await current.Call.ResponseAsync.ConfigureAwait(false);
                var status = current.Call.GetStatus();
                _owner.Complete(endpoint, trial, status);
                End(status, current.Call.GetTrailers(), current, next: null);
                return response;
            }
            catch (RpcException ex)
            {
                _owner.Complete(endpoint, trial, ex.Status);
                if (attempt < _maxAttempts && CallOutcomes.Classify(ex.Status) == CallOutcome.NotSent && !IsOver())
                {
                    (failed ??= []).Add(endpoint);
                    current.Error = ex;
                    previous = current;
                    continue;
                }
                End(ex.Status, ex.Trailers, current, next: null);
                throw;
            }
            catch (Exception ex)
            {
                // Not a status (a channel interceptor's own exception): the endpoint gets its place back, unjudged.
                BalancingCallInvoker.Abandon(endpoint, trial);
                End(new Status(StatusCode.Unknown, ex.Message, ex), Metadata.Empty, current, next: null);
                throw;
            }
        }
    }

    private ValueTask<(Endpoint, bool)> PickAsync(List<Endpoint>? failed)
    {
        if (_owner.TryPick(failed, out var trial, out var failure) is { } endpoint)
        {
            return ValueTask.FromResult((endpoint, trial));
        }
        return failed is null ? WaitForEndpointsAndPickAsync(failure) : throw BalancingCallInvoker.Unavailable(failure);
    }

    /// <summary>Before the resolver's first answer, waits for it within the call's deadline and cancellation.</summary>
    private async ValueTask<(Endpoint, bool)> WaitForEndpointsAndPickAsync(string failure)
    {
        // Already resolved (possibly since the pick above): the wait ends at once and the pick is tried again.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_options.CancellationToken);
        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var left = (deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline) - DateTime.UtcNow;
            limit.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        try
        {
            await _owner.WaitForEndpointsAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw _options.CancellationToken.IsCancellationRequested
                ? new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."))
                : new RpcException(new Status(StatusCode.DeadlineExceeded, $"Deadline Exceeded: {failure}"));
        }
        if (IsOver())
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The call was disposed."));
        }
        return _owner.TryPick(null, out var trial, out failure) is { } endpoint ? (endpoint, trial) : throw BalancingCallInvoker.Unavailable(failure);
    }

    private bool IsOver()
    {
        lock (_lock)
        {
            return _disposed || _options.CancellationToken.IsCancellationRequested;
        }
    }

    private void End(Status status, Metadata trailers, Attempt? last, Attempt? next)
    {
        _trailers = trailers;
        _status = status;
        _firstAttempt.TrySetResult(null);
        last?.Next.TrySetResult(next);
    }

    /// <summary>One try on one endpoint; <see cref="Next"/> completes with the try after it, or null if it was the last.</summary>
    private sealed class Attempt(AsyncUnaryCall<TResponse> call)
    {
        public AsyncUnaryCall<TResponse> Call { get; } = call;

        public TaskCompletionSource<Attempt?> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RpcException? Error { get; set; }
    }
}
