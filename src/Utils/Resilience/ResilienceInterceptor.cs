using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mmo.Resilience.Internal;

namespace Mmo.Resilience;

/// <summary>
/// Client interceptor that applies each method's <see cref="GrpcMethodPolicy"/> and its service's
/// <see cref="GrpcServicePolicy"/> (docs/resilience.md):
/// <list type="bullet">
/// <item>unary calls: a deadline per attempt within an overall deadline, retries with exponential back-off and jitter
/// for idempotent methods and retryable statuses, the service's bulkhead and, when on, its circuit breaker;</item>
/// <item>streaming calls: the deadline and the bulkhead only. They are never retried: requests already written and
/// responses already read cannot be replayed safely, and a long-lived stream's owner knows how to resume it.</item>
/// </list>
/// Place it first (outermost) among the client interceptors so that interceptors after it, and the load balancer
/// below them, see every attempt. Obtain it from DI (<see cref="GrpcResilienceServiceCollectionExtensions.AddGrpcResilience"/>); it is thread-safe and shared.
/// </summary>
public sealed class ResilienceInterceptor : Interceptor
{
    private readonly ResiliencePlans _plans;

    internal ResilienceInterceptor(ResiliencePlans plans) => _plans = plans;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var plan = _plans.Get(context.Method);
        if (plan.DeadlineOnly)
        {
            var now = _plans.Time.GetUtcNow().UtcDateTime;
            var overall = Deadlines.OfCaller(context.Options.Deadline) ?? Deadlines.After(now, plan.Policy.TotalTimeout);
            var deadline = Deadlines.Earlier(overall, Deadlines.After(now, plan.Policy.Timeout));
            return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithDeadline(deadline)));
        }
        return new ResilientUnaryCall<TRequest, TResponse>(_plans, plan, request, context, continuation).Start();
    }

    /// <summary>
    /// A blocking call goes the asynchronous way (so it gets the same retries), with the blocking continuation as its
    /// attempt; the caller's thread waits for the outcome, back-off included. Headers and trailers are not available.
    /// </summary>
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        using var call = AsyncUnaryCall(request, context, (r, c) => BlockingAttempt(r, c, continuation));
        return call.ResponseAsync.GetAwaiter().GetResult();
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var plan = _plans.Get(context.Method);
        context = WithStreamingDeadline(context, plan);
        if (!TryTakeSlot(plan, out var lease, out var rejection))
        {
            return FailedCalls.ServerStreaming<TResponse>(rejection);
        }
        var call = Start(lease, () => continuation(request, context));
        if (lease is null)
        {
            return call;
        }
        var slot = new StreamingSlot<AsyncServerStreamingCall<TResponse>>(call, lease);
        return new AsyncServerStreamingCall<TResponse>(slot.Wrap(call.ResponseStream),
            static s => ((StreamingSlot<AsyncServerStreamingCall<TResponse>>)s).Call.ResponseHeadersAsync,
            static s => ((StreamingSlot<AsyncServerStreamingCall<TResponse>>)s).Call.GetStatus(),
            static s => ((StreamingSlot<AsyncServerStreamingCall<TResponse>>)s).Call.GetTrailers(),
            static s => ((StreamingSlot<AsyncServerStreamingCall<TResponse>>)s).Dispose(),
            slot);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var plan = _plans.Get(context.Method);
        context = WithStreamingDeadline(context, plan);
        if (!TryTakeSlot(plan, out var lease, out var rejection))
        {
            return FailedCalls.ClientStreaming<TRequest, TResponse>(rejection);
        }
        var call = Start(lease, () => continuation(context));
        if (lease is null)
        {
            return call;
        }
        var slot = new StreamingSlot<AsyncClientStreamingCall<TRequest, TResponse>>(call, lease);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, slot.Wrap(call.ResponseAsync),
            static s => ((StreamingSlot<AsyncClientStreamingCall<TRequest, TResponse>>)s).Call.ResponseHeadersAsync,
            static s => ((StreamingSlot<AsyncClientStreamingCall<TRequest, TResponse>>)s).Call.GetStatus(),
            static s => ((StreamingSlot<AsyncClientStreamingCall<TRequest, TResponse>>)s).Call.GetTrailers(),
            static s => ((StreamingSlot<AsyncClientStreamingCall<TRequest, TResponse>>)s).Dispose(),
            slot);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var plan = _plans.Get(context.Method);
        context = WithStreamingDeadline(context, plan);
        if (!TryTakeSlot(plan, out var lease, out var rejection))
        {
            return FailedCalls.DuplexStreaming<TRequest, TResponse>(rejection);
        }
        var call = Start(lease, () => continuation(context));
        if (lease is null)
        {
            return call;
        }
        var slot = new StreamingSlot<AsyncDuplexStreamingCall<TRequest, TResponse>>(call, lease);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call.RequestStream, slot.Wrap(call.ResponseStream),
            static s => ((StreamingSlot<AsyncDuplexStreamingCall<TRequest, TResponse>>)s).Call.ResponseHeadersAsync,
            static s => ((StreamingSlot<AsyncDuplexStreamingCall<TRequest, TResponse>>)s).Call.GetStatus(),
            static s => ((StreamingSlot<AsyncDuplexStreamingCall<TRequest, TResponse>>)s).Call.GetTrailers(),
            static s => ((StreamingSlot<AsyncDuplexStreamingCall<TRequest, TResponse>>)s).Dispose(),
            slot);
    }

    private static AsyncUnaryCall<TResponse> BlockingAttempt<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
        where TRequest : class where TResponse : class
    {
        Task<TResponse> response;
        Status status;
        try
        {
            response = Task.FromResult(continuation(request, context));
            status = Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            response = Task.FromException<TResponse>(ex);
            status = ex.Status;
        }
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(Metadata.Empty), () => status, () => Metadata.Empty, static () => { });
    }

    private ClientInterceptorContext<TRequest, TResponse> WithStreamingDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, MethodPlan plan)
        where TRequest : class where TResponse : class
    {
        if (plan.Policy.StreamingTimeout is not { } timeout || Deadlines.OfCaller(context.Options.Deadline) is not null)
        {
            return context;
        }
        var deadline = Deadlines.After(_plans.Time.GetUtcNow().UtcDateTime, timeout);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithDeadline(deadline));
    }

    /// <summary>
    /// Streaming calls take a slot only if one is free now: the call object must be returned at once, so they cannot
    /// wait in the queue. True with a null lease when the service has no bulkhead.
    /// </summary>
    private bool TryTakeSlot(MethodPlan plan, out RateLimitLease? lease, out Status rejection)
    {
        lease = null;
        rejection = default;
        if (plan.Bulkhead is not { } bulkhead)
        {
            return true;
        }
        lease = bulkhead.TryAcquire();
        if (lease is not null)
        {
            return true;
        }
        rejection = _plans.RejectByBulkhead(plan, bulkhead);
        return false;
    }

    /// <summary>Starts a streaming call, giving the slot back if starting it throws.</summary>
    private static TCall Start<TCall>(RateLimitLease? lease, Func<TCall> start)
    {
        try
        {
            return start();
        }
        catch
        {
            lease?.Dispose();
            throw;
        }
    }
}
