using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests;

/// <summary>The optional per-service circuit breaker, on a fake clock so the break passes when the test says.</summary>
public class CircuitBreakerTests
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    private static Action<GrpcResiliencePolicies> Breaker(bool idempotent = false) => p =>
    {
        p.ForService(ResilienceTestHost.Service).CircuitBreaker(configure: b =>
        {
            b.MinimumThroughput = 2;
            b.FailureRatio = 0.5;
            b.SamplingDuration = TimeSpan.FromSeconds(10);
            b.BreakDuration = BreakDuration;
        });
        p.ForMethod(ResilienceTestHost.Unary).Idempotent(idempotent).Retries(3, TimeSpan.Zero);
    };

    [Fact]
    public async Task UnaryCall_BreakerOn_OpensAfterFailuresRejectsFastThenHalfOpensAndCloses()
    {
        var time = new FakeTimeProvider();
        await using var host = await ResilienceTestHost.StartAsync(Breaker(), time: time);
        host.Script.Unary = ServerScript.FailFirst(2, StatusCode.Unavailable);

        for (var i = 0; i < 2; i++)
        {
            var failure = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
            Assert.StartsWith("Scripted failure", failure.Status.Detail);
        }
        var rejected = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unavailable, rejected.StatusCode);
        Assert.Contains("circuit breaker of mmo.testing.v1.Interop is open", rejected.Status.Detail);
        Assert.Equal(2, host.Script.AttemptCount);
        Assert.Equal("circuit_open", Assert.Single(host.Metrics.Of("mmo.resilience.rejections")).Tags["reason"]);

        time.Advance(BreakDuration);
        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(4, host.Script.AttemptCount);
        var states = host.ClientLogs.All.Where(l => l.Id.Id is 5 or 6 or 7).Select(l => (l.Level, l.Id.Id)).ToList();
        Assert.Equal([(LogLevel.Warning, 5), (LogLevel.Information, 6), (LogLevel.Information, 7)], states);
    }

    [Fact]
    public async Task UnaryCall_HalfOpenProbeFails_BreakerOpensAgain()
    {
        var time = new FakeTimeProvider();
        await using var host = await ResilienceTestHost.StartAsync(Breaker(), time: time);
        host.Script.Unary = ServerScript.FailFirst(3, StatusCode.Unavailable);
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
        }

        time.Advance(BreakDuration);
        var probe = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
        var rejected = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.StartsWith("Scripted failure of attempt 3", probe.Status.Detail);
        Assert.Contains("circuit breaker", rejected.Status.Detail);
        Assert.Equal(3, host.Script.AttemptCount);
    }

    [Fact]
    public async Task UnaryCall_BreakerOpensDuringRetries_RetriesStopAndLaterCallsFailFast()
    {
        var time = new FakeTimeProvider();
        await using var host = await ResilienceTestHost.StartAsync(Breaker(idempotent: true), time: time);
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);

        var first = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
        var second = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Contains("circuit breaker", first.Status.Detail);
        Assert.Contains("circuit breaker", second.Status.Detail);
        Assert.Equal(2, host.Script.AttemptCount);
        Assert.Equal(2, host.Metrics.Sum("mmo.resilience.retries"));
    }

    [Fact]
    public async Task UnaryCall_BreakerNotConfigured_EveryFailureStillReachesTheServer()
    {
        await using var host = await ResilienceTestHost.StartAsync();
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);

        for (var i = 0; i < 30; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
        }

        Assert.Equal(30, host.Script.AttemptCount);
        Assert.Empty(host.Metrics.Of("mmo.resilience.rejections"));
    }
}
