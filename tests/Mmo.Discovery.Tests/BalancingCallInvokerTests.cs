using Grpc.Core;
using Mmo.Discovery.Balancing;
using Mmo.Discovery.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Discovery.Tests;

/// <summary>The invoker on its own, over real replicas, with the endpoint set in the test's hands.</summary>
public sealed class BalancingCallInvokerTests : IAsyncLifetime
{
    private ReplicaServer[] _replicas = [];

    public async Task InitializeAsync() => _replicas = await ReplicaServer.StartSetAsync(2);

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task RemovedEndpoint_CallInFlight_FinishesThenItsChannelCloses()
    {
        var resolver = new TestResolver();
        resolver.Set(_replicas[0].Address, _replicas[1].Address);
        var channels = new TrackingChannels();
        using var invoker = new BalancingCallInvoker("auth", resolver, channelFactory: channels.Create);
        var client = new Interop.InteropClient(invoker);

        var slow = client.UnaryCallAsync(new SimpleRequest { DelayMs = 700 }, deadline: DateTime.UtcNow.AddSeconds(10));
        var busy = await PollBusyEndpointAsync(invoker);
        var other = _replicas.Single(r => r.Address != busy);
        resolver.Set(other.Address);

        Assert.False(channels.IsClosed(busy), "the channel closed under a call in flight");
        Assert.Equal(other.Address, Assert.Single(invoker.GetEndpoints()).Endpoint.Address);
        var response = await slow.ResponseAsync.DefaultTimeout();
        Assert.NotNull(response);
        await Poll.UntilAsync(() => channels.IsClosed(busy), "the removed endpoint's channel to close after its call");
        Assert.False(channels.IsClosed(other.Address));
    }

    [Fact]
    public async Task RemovedEndpoint_CallOutlivesDrainTime_ChannelClosedAndCallCancelled()
    {
        var resolver = new TestResolver();
        resolver.Set(_replicas[0].Address);
        var channels = new TrackingChannels();
        var time = new ManualTimeProvider();
        using var invoker = new BalancingCallInvoker("auth", resolver, new BalancingOptions { DrainSeconds = 30 }, channels.Create, time);
        var client = new Interop.InteropClient(invoker);
        var endless = client.UnaryCallAsync(new SimpleRequest { DelayMs = 60_000 }, deadline: DateTime.UtcNow.AddSeconds(20));
        await PollBusyEndpointAsync(invoker);

        resolver.Set(_replicas[1].Address);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(channels.IsClosed(_replicas[0].Address));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(channels.IsClosed(_replicas[0].Address));
        var error = await Assert.ThrowsAsync<RpcException>(() => endless.ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task AllEndpointsRefuseConnections_Unary_FailsUnavailableAndAsksForResolution()
    {
        var resolver = new TestResolver();
        resolver.Set(new Uri($"http://127.0.0.6:{_replicas[0].Port}"), new Uri($"http://127.0.0.7:{_replicas[0].Port}"));
        using var invoker = new BalancingCallInvoker("auth", resolver, new BalancingOptions { FailureBackoffMs = 60_000, MaxBreakMs = 60_000 });
        var client = new Interop.InteropClient(invoker);

        var first = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync.DefaultTimeout());
        var second = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync.DefaultTimeout());

        // The first call tried both endpoints (nothing was sent, so it moved on) and reports the last connection error.
        Assert.Equal(StatusCode.Unavailable, first.StatusCode);
        Assert.Contains("ConnectionRefused", first.Status.Detail);
        Assert.Equal(StatusCode.Unavailable, second.StatusCode);
        Assert.Contains("All 2 endpoints of service 'auth' are failing", second.Status.Detail);
        Assert.True(resolver.Refreshes >= 1, "the resolver was not asked to resolve again");
        Assert.All(invoker.GetEndpoints(), e => Assert.Equal(CircuitState.Open, e.Circuit));
    }

    [Fact]
    public async Task NotResolvedYet_UnaryCall_WaitsForTheFirstAnswer()
    {
        var resolver = new TestResolver();
        using var invoker = new BalancingCallInvoker("auth", resolver);
        var client = new Interop.InteropClient(invoker);

        var call = client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.False(call.ResponseAsync.IsCompleted);
        resolver.Set(_replicas[0].Address);

        Assert.Equal(_replicas[0].Name, ReplicaService.NameOf(await call.ResponseAsync.DefaultTimeout()));
        Assert.Equal(_replicas[0].Name, (await call.ResponseHeadersAsync.DefaultTimeout()).GetValue(ReplicaService.ReplicaHeader));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task NotResolvedBeforeDeadline_UnaryCall_FailsDeadlineExceeded()
    {
        using var invoker = new BalancingCallInvoker("auth", new TestResolver());
        var client = new Interop.InteropClient(invoker);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddMilliseconds(200)).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("discovery has not answered", error.Status.Detail);
    }

    [Fact]
    public async Task Dispose_CallInFlight_EndsCancelledAndClosesChannels()
    {
        var resolver = new TestResolver();
        resolver.Set(_replicas[0].Address);
        var channels = new TrackingChannels();
        var invoker = new BalancingCallInvoker("auth", resolver, channelFactory: channels.Create);
        var call = new Interop.InteropClient(invoker).UnaryCallAsync(new SimpleRequest { DelayMs = 60_000 }, deadline: DateTime.UtcNow.AddSeconds(20));
        await PollBusyEndpointAsync(invoker);

        invoker.Dispose();

        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout())).StatusCode);
        Assert.True(channels.IsClosed(_replicas[0].Address));
    }

    /// <summary>The address of the endpoint that has a call in flight.</summary>
    private static async Task<Uri> PollBusyEndpointAsync(BalancingCallInvoker invoker)
    {
        EndpointStatus? busy = null;
        await Poll.UntilAsync(() => (busy = invoker.GetEndpoints().FirstOrDefault(e => e.CallsInFlight > 0)) is not null, "a call in flight");
        return busy!.Endpoint.Address;
    }
}
