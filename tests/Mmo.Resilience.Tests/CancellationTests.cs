using System.Diagnostics;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests;

/// <summary>The caller's cancellation (token or Dispose) stops retrying at once.</summary>
public class CancellationTests
{
    private static Action<GrpcResiliencePolicies> SlowRetries => p => p.ForMethod(ResilienceTestHost.Unary)
        .Idempotent().TotalTimeout(TimeSpan.FromSeconds(30)).Retries(3, TimeSpan.FromSeconds(10), jitter: false);

    [Fact]
    public async Task UnaryCall_CallerCancelsDuringBackoff_EndsAtOnceWithCancelled()
    {
        await using var host = await ResilienceTestHost.StartAsync(SlowRetries);
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);
        using var cts = new CancellationTokenSource();

        using var call = host.Client.UnaryCallAsync(new SimpleRequest(), cancellationToken: cts.Token);
        await host.Metrics.WaitForAsync("mmo.resilience.retries", 1).DefaultTimeout();
        var watch = Stopwatch.StartNew();
        cts.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Cancelling took {watch.Elapsed.TotalMilliseconds} ms.");
        Assert.Equal(1, host.Script.AttemptCount);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnaryCall_DisposedDuringBackoff_EndsAtOnceWithCancelled()
    {
        await using var host = await ResilienceTestHost.StartAsync(SlowRetries);
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);

        var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await host.Metrics.WaitForAsync("mmo.resilience.retries", 1).DefaultTimeout();
        call.Dispose();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(2)));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(1, host.Script.AttemptCount);
    }

    [Fact]
    public async Task UnaryCall_CallerCancelsDuringAttempt_NotRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent().Retries(3, TimeSpan.Zero).RetryOn(StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.Internal));
        host.Script.Unary = ServerScript.Hang;
        using var cts = new CancellationTokenSource();

        using var call = host.Client.UnaryCallAsync(new SimpleRequest(), cancellationToken: cts.Token);
        await host.Script.WaitForAttemptsAsync(1).DefaultTimeout();
        cts.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(1, host.Script.AttemptCount);
    }

    [Fact]
    public async Task UnaryCall_TokenCancelledBeforeTheCall_NothingSent()
    {
        await using var host = await ResilienceTestHost.StartAsync(SlowRetries);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.UnaryCallAsync(new SimpleRequest(), cancellationToken: new CancellationToken(canceled: true)).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(0, host.Script.AttemptCount);
    }
}
