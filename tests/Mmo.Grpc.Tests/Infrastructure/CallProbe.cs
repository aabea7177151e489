using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>
/// A server interceptor that reports what the server saw of the first call through it (health checks
/// aside): its deadline, whether its cancellation token fired, and how its handler ended. Registered by instance.
/// </summary>
internal sealed class CallProbe : Interceptor
{
    private readonly TaskCompletionSource<DateTime> _deadline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>The deadline the call's context reported, once the call has started.</summary>
    public Task<DateTime> Started => _deadline.Task;

    /// <summary>Completes when the call's cancellation token fires.</summary>
    public Task Cancelled => _cancelled.Task;

    /// <summary>Completes when the handler has returned (null) or thrown (the exception).</summary>
    public Task<Exception?> Completed => _completed.Task;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        ObserveAsync(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        ObserveAsync(context, () => continuation(requestStream, context));

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        await ObserveAsync(context, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        await ObserveAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    private async Task<T> ObserveAsync<T>(ServerCallContext context, Func<Task<T>> run)
    {
        // Health checks warm connections up (GrpcTestHost.WarmUpAsync): they are not the call under test.
        if (context.Method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal) || Interlocked.Increment(ref _calls) != 1)
        {
            return await run();
        }
        _deadline.TrySetResult(context.Deadline);
        using var registration = context.CancellationToken.Register(() => _cancelled.TrySetResult());
        try
        {
            var result = await run();
            _completed.TrySetResult(null);
            return result;
        }
        catch (Exception ex)
        {
            _completed.TrySetResult(ex);
            throw;
        }
    }
}
