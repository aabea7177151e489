using System.Diagnostics;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests;

/// <summary>The per-service bulkhead: calls beyond the limit wait in a bounded queue or are rejected locally, never retried.</summary>
public class BulkheadTests
{
    [Theory]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Unavailable)]
    public async Task UnaryCall_BulkheadFull_RejectedAtOnceWithTheConfiguredStatusAndNotRetried(StatusCode rejection)
    {
        await using var host = await ResilienceTestHost.StartAsync(p =>
        {
            p.ForService(ResilienceTestHost.Service).Bulkhead(maxConcurrentCalls: 2, rejectionStatus: rejection);
            p.ForMethod(ResilienceTestHost.Unary).Idempotent().Retries(3, TimeSpan.Zero).RetryOn(StatusCode.Unavailable, StatusCode.ResourceExhausted);
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Script.Unary = async (_, context) =>
        {
            await gate.Task.WaitAsync(context.CancellationToken);
            return new SimpleResponse();
        };

        var first = host.Client.UnaryCallAsync(new SimpleRequest());
        var second = host.Client.UnaryCallAsync(new SimpleRequest());
        await host.Script.WaitForAttemptsAsync(2).DefaultTimeout();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(rejection, error.StatusCode);
        Assert.Contains("Too many calls to mmo.testing.v1.Interop in flight", error.Status.Detail);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal(2, host.Script.AttemptCount);
        var rejected = Assert.Single(host.Metrics.Of("mmo.resilience.rejections"));
        Assert.Equal("bulkhead", rejected.Tags["reason"]);
        Assert.Empty(host.Metrics.Of("mmo.resilience.retries"));

        gate.SetResult();
        await Task.WhenAll(first.ResponseAsync, second.ResponseAsync).DefaultTimeout();
        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        Assert.Equal(3, host.Script.AttemptCount);
    }

    [Fact]
    public async Task UnaryCall_QueueConfigured_WaitsForASlotAndRejectsBeyondTheQueue()
    {
        await using var host = await ResilienceTestHost.StartAsync(p =>
            p.ForService(ResilienceTestHost.Service).Bulkhead(maxConcurrentCalls: 1, maxQueuedCalls: 1));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Script.Unary = async (attempt, context) =>
        {
            if (attempt == 1)
            {
                await gate.Task.WaitAsync(context.CancellationToken);
            }
            return new SimpleResponse();
        };

        var running = host.Client.UnaryCallAsync(new SimpleRequest());
        await host.Script.WaitForAttemptsAsync(1).DefaultTimeout();
        var queued = host.Client.UnaryCallAsync(new SimpleRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.False(queued.ResponseAsync.IsCompleted);
        Assert.Equal(1, host.Script.AttemptCount);
        gate.SetResult();
        await Task.WhenAll(running.ResponseAsync, queued.ResponseAsync).DefaultTimeout();
        Assert.Equal(2, host.Script.AttemptCount);
    }

    [Fact]
    public async Task UnaryCall_QueuedPastItsDeadline_DeadlineExceededWithoutBeingSent()
    {
        await using var host = await ResilienceTestHost.StartAsync(p =>
            p.ForService(ResilienceTestHost.Service).Bulkhead(maxConcurrentCalls: 1, maxQueuedCalls: 5));
        host.Script.Unary = ServerScript.Hang;

        using var running = host.Client.UnaryCallAsync(new SimpleRequest());
        await host.Script.WaitForAttemptsAsync(1).DefaultTimeout();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        Assert.Equal(1, host.Script.AttemptCount);
    }

    [Fact]
    public async Task ServerStreaming_BulkheadFull_RejectedUntilTheOpenStreamIsDisposed()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForService(ResilienceTestHost.Service).Bulkhead(maxConcurrentCalls: 1));
        var open = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1 }, IntervalMs = 60_000 });
        Assert.True(await open.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());

        using (var rejected = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1 } }))
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => rejected.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.Equal(StatusCode.ResourceExhausted, rejected.GetStatus().StatusCode);
        }
        var unaryError = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.ResourceExhausted, unaryError.StatusCode);

        open.Dispose();
        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
    }

    [Fact]
    public async Task ServerStreaming_StreamReadToItsEnd_SlotFreedWithoutDispose()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForService(ResilienceTestHost.Service).Bulkhead(maxConcurrentCalls: 1));

        var stream = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 2 } });
        var count = 0;
        while (await stream.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout())
        {
            count++;
        }

        Assert.Equal(2, count);
        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        stream.Dispose();
    }

    [Fact]
    public async Task ClientAndDuplexStreaming_BulkheadFull_WritesReadsAndResponseFailWithTheRejection()
    {
        await using var host = await ResilienceTestHost.StartAsync(p =>
            p.ForService(ResilienceTestHost.Service).Bulkhead(maxConcurrentCalls: 1, rejectionStatus: StatusCode.Unavailable));
        using var open = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1 }, IntervalMs = 60_000 });
        Assert.True(await open.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());

        using var clientStreaming = host.Client.StreamingInputCall();
        using var duplex = host.Client.FullDuplexCall();

        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => clientStreaming.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout())).StatusCode);
        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => clientStreaming.ResponseAsync.DefaultTimeout())).StatusCode);
        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => duplex.RequestStream.CompleteAsync().DefaultTimeout())).StatusCode);
        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout())).StatusCode);
        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseHeadersAsync.DefaultTimeout())).StatusCode);
        Assert.Equal(1, host.Script.AttemptCount);
        Assert.Equal(2, host.Metrics.Sum("mmo.resilience.rejections"));
    }
}
