using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests;

/// <summary>A network that breaks: connections refused while the server is away, and connections cut mid-call.</summary>
public class ConnectionTests
{
    private static Action<GrpcResiliencePolicies> Policy(bool idempotent) => p => p.ForMethod(ResilienceTestHost.Unary)
        .Idempotent(idempotent).Retries(4, TimeSpan.FromMilliseconds(20));

    [Fact]
    public async Task UnaryCall_ServerDownForAWhile_IdempotentCallSucceedsWhenItIsBack()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent().TotalTimeout(TimeSpan.FromSeconds(10)).Retries(10, TimeSpan.FromMilliseconds(50), maxDelay: TimeSpan.FromMilliseconds(100), jitter: false), proxy: true);
        host.Proxy!.StopListening();

        var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await host.Metrics.WaitForAsync("mmo.resilience.retries", 2).DefaultTimeout();
        host.Proxy.ResumeListening();
        await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(1, host.Script.AttemptCount);
        Assert.All(host.Metrics.Of("mmo.resilience.retries"), m => Assert.Equal("UNAVAILABLE", m.Tags["status"]));
    }

    [Fact]
    public async Task UnaryCall_ServerDown_NotIdempotent_UnavailableWithoutRetry()
    {
        await using var host = await ResilienceTestHost.StartAsync(Policy(idempotent: false), proxy: true);
        host.Proxy!.StopListening();

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Single(host.ClientAttempts.Attempts);
        Assert.Empty(host.Metrics.Of("mmo.resilience.retries"));
    }

    [Fact]
    public async Task UnaryCall_ConnectionsResetOnAccept_IdempotentCallGetsThroughOnceTheyAreNot()
    {
        await using var host = await ResilienceTestHost.StartAsync(Policy(idempotent: true), proxy: true);
        host.Proxy!.ResetNextConnections(2);

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(3, host.Proxy.Accepted);
        Assert.Equal(1, host.Script.AttemptCount);
        Assert.Equal(3, host.ClientAttempts.Attempts.Count);
    }

    [Fact]
    public async Task UnaryCall_ConnectionCutMidCall_IdempotentRetriedOnANewConnection()
    {
        await using var host = await ResilienceTestHost.StartAsync(Policy(idempotent: true), proxy: true);
        var hang = ServerScript.Hang;
        host.Script.Unary = (attempt, context) => attempt == 1 ? hang(attempt, context) : Task.FromResult(new SimpleResponse());

        var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await host.Script.WaitForAttemptsAsync(1).DefaultTimeout();
        host.Proxy!.CutAll();
        await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(2, host.Script.AttemptCount);
        Assert.Equal(2, host.Proxy.Accepted);
    }

    [Fact]
    public async Task UnaryCall_ConnectionCutMidCall_NotIdempotent_CallerSeesUnavailableAfterOneAttempt()
    {
        await using var host = await ResilienceTestHost.StartAsync(Policy(idempotent: false), proxy: true);
        host.Script.Unary = ServerScript.Hang;

        var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await host.Script.WaitForAttemptsAsync(1).DefaultTimeout();
        host.Proxy!.CutAll();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, host.Script.AttemptCount);
    }
}
