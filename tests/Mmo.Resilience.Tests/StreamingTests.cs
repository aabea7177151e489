using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests;

/// <summary>Streaming calls get a deadline (only when their policy asks) and the bulkhead; never retries.</summary>
public class StreamingTests
{
    [Fact]
    public async Task ServerStreaming_FailsWithUnavailable_NeverRetriedEvenIfIdempotent()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.ServerStreaming).Idempotent().Retries(3, TimeSpan.Zero));

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest
        {
            ResponseSizes = { 1 },
            ResponseStatus = new EchoStatus { Code = (int)StatusCode.Unavailable, Message = "gone" },
        });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, host.Script.AttemptCount);
        Assert.Empty(host.Metrics.Of("mmo.resilience.retries"));
    }

    [Fact]
    public async Task ServerStreaming_NoStreamingTimeout_NoDeadlineEvenWhenUnaryCallsGetOne()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForAllMethods().Timeout(TimeSpan.FromSeconds(1)));

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1 } });
        while (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout())
        {
        }

        Assert.Equal(DateTime.MaxValue, Assert.Single(host.Script.Attempts).Deadline);
    }

    [Fact]
    public async Task ServerStreaming_StreamingTimeoutSet_SentAsTheDeadline()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.ServerStreaming).StreamingTimeout(TimeSpan.FromSeconds(30)));
        await host.WarmUpAsync();

        var before = DateTime.UtcNow;
        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1 } });
        while (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout())
        {
        }
        var after = DateTime.UtcNow;

        Assert.InRange(Assert.Single(host.Script.Attempts).Deadline, before.AddSeconds(30).AddMilliseconds(-150), after.AddSeconds(30).AddMilliseconds(150));
    }
}
