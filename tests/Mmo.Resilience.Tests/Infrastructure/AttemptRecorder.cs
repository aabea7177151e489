using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>What a per-attempt interceptor saw of one attempt: its method, the deadline it carried and when it started.</summary>
internal sealed record ClientAttempt(string Method, DateTime? Deadline, DateTime StartedUtc);

/// <summary>
/// An interceptor placed inside (after) the resilience interceptor, where auth or correlation-id interceptors go: it
/// sees every attempt, with the exact deadline the runtime will turn into grpc-timeout.
/// </summary>
internal sealed class AttemptRecorder : Interceptor
{
    private readonly ConcurrentQueue<ClientAttempt> _attempts = new();

    public IReadOnlyList<ClientAttempt> Attempts => [.. _attempts];

    public void Clear() => _attempts.Clear();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        Record(context.Method, context.Options);
        return continuation(request, context);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        Record(context.Method, context.Options);
        return continuation(request, context);
    }

    private void Record(IMethod method, CallOptions options) =>
        _attempts.Enqueue(new ClientAttempt(method.FullName, options.Deadline, DateTime.UtcNow));
}
