using Grpc.Core;

namespace Mmo.Discovery.Balancing;

// The five call kinds. Each picks its endpoint when it starts and tells the endpoint's breaker how it ended: unary
// and client-streaming calls when their response task completes, server-streaming and duplex calls when their
// response stream ends or fails. A call disposed before its end is counted as cancelled.
public sealed partial class BalancingCallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        using var call = AsyncUnaryCall(method, host, options, request);
        return call.ResponseAsync.GetAwaiter().GetResult();
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new BalancedUnaryCall<TRequest, TResponse>(this, method, host, options, request, _options.MaxConnectAttempts);
        return new AsyncUnaryCall<TResponse>(call.ResponseAsync, UnaryCallbacks.Headers, UnaryCallbacks.Status, UnaryCallbacks.Trailers, UnaryCallbacks.Dispose, call);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        if (TryPick(null, out var trial, out var failure) is not { } endpoint)
        {
            return FailedCalls.ServerStreaming<TResponse>(Unavailable(failure));
        }
        var tracker = new CallTracker(this, endpoint, trial);
        var call = Start(tracker, () => endpoint.Invoker.AsyncServerStreamingCall(method, host, options, request));
        var state = new TrackedCall(tracker, call, call.GetStatus, call.GetTrailers, () => call.ResponseHeadersAsync, call.Dispose);
        return new AsyncServerStreamingCall<TResponse>(new TrackingStreamReader<TResponse>(call.ResponseStream, state), TrackedCall.Headers, TrackedCall.Status, TrackedCall.Trailers, TrackedCall.DisposeCall, state);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        if (TryPick(null, out var trial, out var failure) is not { } endpoint)
        {
            return FailedCalls.ClientStreaming<TRequest, TResponse>(Unavailable(failure));
        }
        var tracker = new CallTracker(this, endpoint, trial);
        var call = Start(tracker, () => endpoint.Invoker.AsyncClientStreamingCall(method, host, options));
        var state = new TrackedCall(tracker, call, call.GetStatus, call.GetTrailers, () => call.ResponseHeadersAsync, call.Dispose);
        call.ResponseAsync.ContinueWith(static (task, s) => ((TrackedCall)s!).OnResponse(task), state, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, call.ResponseAsync, TrackedCall.Headers, TrackedCall.Status, TrackedCall.Trailers, TrackedCall.DisposeCall, state);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        if (TryPick(null, out var trial, out var failure) is not { } endpoint)
        {
            return FailedCalls.DuplexStreaming<TRequest, TResponse>(Unavailable(failure));
        }
        var tracker = new CallTracker(this, endpoint, trial);
        var call = Start(tracker, () => endpoint.Invoker.AsyncDuplexStreamingCall(method, host, options));
        var state = new TrackedCall(tracker, call, call.GetStatus, call.GetTrailers, () => call.ResponseHeadersAsync, call.Dispose);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call.RequestStream, new TrackingStreamReader<TResponse>(call.ResponseStream, state), TrackedCall.Headers, TrackedCall.Status, TrackedCall.Trailers, TrackedCall.DisposeCall, state);
    }

    internal static RpcException Unavailable(string message) => new(new Status(StatusCode.Unavailable, message));

    /// <summary>Starts the call on the endpoint; if starting throws, the endpoint gets its place back.</summary>
    private static T Start<T>(CallTracker tracker, Func<T> start)
    {
        try
        {
            return start();
        }
        catch
        {
            tracker.Abandon();
            throw;
        }
    }

    private static class UnaryCallbacks
    {
        public static readonly Func<object, Task<Metadata>> Headers = state => ((IBalancedUnaryCall)state).GetResponseHeadersAsync();
        public static readonly Func<object, Status> Status = state => ((IBalancedUnaryCall)state).GetStatus();
        public static readonly Func<object, Metadata> Trailers = state => ((IBalancedUnaryCall)state).GetTrailers();
        public static readonly Action<object> Dispose = state => ((IBalancedUnaryCall)state).Dispose();
    }
}
