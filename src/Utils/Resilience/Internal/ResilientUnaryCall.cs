using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mmo.Resilience.Diagnostics;
using Polly;
using Polly.CircuitBreaker;

namespace Mmo.Resilience.Internal;

/// <summary>
/// One unary call under its plan: a bulkhead slot held for the whole call, then attempts (through the service's
/// breaker) retried by the method's retry pipeline, each with its own deadline no later than the call's. The token
/// source links the caller's token with <see cref="Dispose"/> and with giving up when a retry would start past the
/// deadline. Status, trailers and headers are those of the last attempt, or of the local rejection.
/// </summary>
internal sealed partial class ResilientUnaryCall<TRequest, TResponse> : IRetryObserver
    where TRequest : class where TResponse : class
{
    private readonly ResiliencePlans _shared;
    private readonly MethodPlan _plan;
    private readonly TRequest _request;
    private readonly ClientInterceptorContext<TRequest, TResponse> _context;
    private readonly AsyncUnaryCallContinuation<TRequest, TResponse> _continuation;
    private readonly CancellationTokenSource _cts;
    private readonly DateTime _deadline;
    private AsyncUnaryCall<TResponse>? _attempt;
    private RpcException? _lastError;
    private volatile bool _gaveUp;
    private volatile bool _finalFromAttempt;
    private Status? _status;
    private Metadata? _trailers;
    private Task<TResponse>? _response;
    private Task<Metadata>? _headers;

    public ResilientUnaryCall(ResiliencePlans shared, MethodPlan plan, TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        _shared = shared;
        _plan = plan;
        _request = request;
        _context = context;
        _continuation = continuation;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(context.Options.CancellationToken);
        _deadline = Deadlines.OfCaller(context.Options.Deadline) ?? Deadlines.After(Now, plan.Policy.TotalTimeout);
    }

    private DateTime Now => _shared.Time.GetUtcNow().UtcDateTime;

    /// <summary>Starts the call and returns the object its caller awaits.</summary>
    public AsyncUnaryCall<TResponse> Start()
    {
        _response = RunAsync();
        return new AsyncUnaryCall<TResponse>(_response, Callbacks.Headers, Callbacks.GetStatus, Callbacks.GetTrailers, Callbacks.Dispose, this);
    }

    void IRetryObserver.OnRetry(int attemptNumber, TimeSpan delay, Exception? error)
    {
        var status = (error as RpcException)?.StatusCode ?? StatusCode.Unknown;
        if (Now + delay >= _deadline)
        {
            // Sleeping until the deadline to fail then helps nobody: fail now with the error that was retryable.
            _gaveUp = true;
            ResilienceLog.DeadlineLeavesNoRetry(_shared.Logger, _plan.FullName, status, delay.TotalMilliseconds);
            _cts.Cancel();
            return;
        }
        _shared.Metrics.Retried(_plan.ServiceName, _plan.MethodName, status);
        ResilienceLog.Retrying(_shared.Logger, _plan.FullName, status, attemptNumber + 1, _plan.Policy.MaxRetries, delay.TotalMilliseconds);
    }

    private async Task<TResponse> RunAsync()
    {
        RateLimitLease? lease = null;
        try
        {
            lease = await AcquireSlotAsync().ConfigureAwait(false);
            var response = _plan.Retry is { } retry
                ? await RetryAsync(retry).ConfigureAwait(false)
                : await AttemptThroughBreakerAsync().ConfigureAwait(false);
            _finalFromAttempt = true;
            return response;
        }
        catch (OperationCanceledException) when (_gaveUp && _lastError is not null)
        {
            throw Fail(_lastError);
        }
        catch (OperationCanceledException ex)
        {
            // Cancelled between attempts (back-off, queue): by the caller's token or by Dispose.
            throw Fail(new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.", ex)));
        }
        catch (RpcException ex)
        {
            throw Fail(ex);
        }
        finally
        {
            lease?.Dispose();
            _cts.Dispose();
        }
    }

    private RpcException Fail(RpcException ex)
    {
        _finalFromAttempt = ReferenceEquals(ex, _lastError);
        _trailers = ex.Trailers;
        _status = ex.Status;
        return ex;
    }

    private async ValueTask<TResponse> RetryAsync(ResiliencePipeline retry)
    {
        var context = ResilienceContextPool.Shared.Get(_cts.Token);
        context.Properties.Set(ResiliencePlans.CallKey, this);
        try
        {
            return await retry.ExecuteAsync(static (_, self) => self.AttemptThroughBreakerAsync(), context, this).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ValueTask<TResponse> AttemptThroughBreakerAsync() =>
        _plan.Breaker is { } breaker ? ThroughBreakerAsync(breaker) : AttemptAsync();

    private async ValueTask<TResponse> ThroughBreakerAsync(ResiliencePipeline breaker)
    {
        var context = ResilienceContextPool.Shared.Get(_cts.Token);
        try
        {
            return await breaker.ExecuteAsync(static (_, self) => self.AttemptAsync(), context, this).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            _shared.Metrics.Rejected(_plan.ServiceName, _plan.MethodName, "circuit_open");
            ResilienceLog.CircuitRejected(_shared.Logger, _plan.ServiceName, _plan.FullName);
            throw new RpcException(new Status(StatusCode.Unavailable, $"The circuit breaker of {_plan.ServiceName} is open: the call was not sent.", ex));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<TResponse> AttemptAsync()
    {
        if (_gaveUp && _lastError is not null)
        {
            throw _lastError;
        }
        var deadline = Deadlines.Earlier(_deadline, Deadlines.After(Now, _plan.Policy.Timeout));
        var options = _context.Options.WithDeadline(deadline).WithCancellationToken(_cts.Token);
        var call = _continuation(_request, new ClientInterceptorContext<TRequest, TResponse>(_context.Method, _context.Host, options));
        // The previous attempt has ended: free it; the last one stays for its headers, status and trailers.
        Interlocked.Exchange(ref _attempt, call)?.Dispose();
        try
        {
            var response = await call.ResponseAsync.ConfigureAwait(false);
            _trailers = call.GetTrailers();
            _status = call.GetStatus();
            return response;
        }
        catch (RpcException ex)
        {
            _lastError = ex;
            throw;
        }
    }
}
