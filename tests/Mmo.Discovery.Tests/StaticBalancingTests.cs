using Grpc.Core;
using Mmo.Discovery.Tests.Infrastructure;
using Mmo.Testing.V1;
using Xunit.Abstractions;

namespace Mmo.Discovery.Tests;

/// <summary>Balancing over real replicas (Kestrel on 127.0.0.2–4, one port) found through static configuration.</summary>
public sealed class StaticBalancingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ReplicaServer[] _replicas = [];

    public async Task InitializeAsync() => _replicas = await ReplicaServer.StartSetAsync(3);

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnaryCalls_ThreeStaticReplicas_SpreadFairlyOverAll()
    {
        await using var client = await ClientHost.StartAsync(Static(_replicas));

        var counts = await client.CallManyAsync(300);
        output.WriteLine($"300 calls: {StaticBalancingTests.Describe(counts)}");

        Assert.Equal(300, counts.Values.Sum());
        foreach (var replica in _replicas)
        {
            Assert.True(counts.GetValueOrDefault(replica.Name) > 60, $"{replica.Name} served {counts.GetValueOrDefault(replica.Name)} of 300 calls: {Describe(counts)}");
            Assert.Equal(counts[replica.Name], replica.Identity.Calls);
        }
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task EveryCallKind_ThreeStaticReplicas_ReachesEveryReplica()
    {
        await using var client = await ClientHost.StartAsync(Static(_replicas));
        var deadline = () => DateTime.UtcNow.AddSeconds(10);
        var seen = new Dictionary<string, HashSet<string>>
        {
            ["server-streaming"] = [],
            ["client-streaming"] = [],
            ["duplex"] = [],
        };

        // One kind at a time: interleaving three kinds over three replicas would give each kind one replica.
        for (var i = 0; i < 6; i++)
        {
            using var call = client.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1 } }, deadline: deadline());
            var names = new List<string>();
            while (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout())
            {
                names.Add(ReplicaService.NameOf(call.ResponseStream.Current));
            }
            Assert.Equal(2, names.Count);
            seen["server-streaming"].Add(names[0]);
        }
        for (var i = 0; i < 6; i++)
        {
            using var call = client.Client.StreamingInputCall(deadline: deadline());
            await call.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout();
            await call.RequestStream.CompleteAsync().DefaultTimeout();
            Assert.Equal(1, (await call.ResponseAsync.DefaultTimeout()).Count);
            seen["client-streaming"].Add((await call.ResponseHeadersAsync.DefaultTimeout()).GetValue(ReplicaService.ReplicaHeader)!);
        }
        for (var i = 0; i < 6; i++)
        {
            using var call = client.Client.FullDuplexCall(deadline: deadline());
            await call.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
            seen["duplex"].Add(ReplicaService.NameOf(call.ResponseStream.Current));
            await call.RequestStream.CompleteAsync().DefaultTimeout();
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        }

        foreach (var (kind, names) in seen)
        {
            Assert.True(names.SetEquals(_replicas.Select(r => r.Name)), $"{kind} calls reached only {string.Join(", ", names)}");
        }
        // Every call told its endpoint it ended: nothing is left counted in flight.
        Assert.All(client.Invoker.GetEndpoints(), e => Assert.Equal(0, e.CallsInFlight));
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task ScaleOut_StaticConfigChangedAtRuntime_NewReplicasGetTrafficWithoutRestart()
    {
        await using var client = await ClientHost.StartAsync(Static(_replicas.Take(1)));
        var before = await client.CallManyAsync(30);
        Assert.Equal(30, before.GetValueOrDefault(_replicas[0].Name));

        client.Reconfigure(Static(_replicas));
        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 3, "the invoker to see 3 endpoints");
        var after = await client.CallManyAsync(90);

        foreach (var replica in _replicas)
        {
            Assert.True(after.GetValueOrDefault(replica.Name) >= 20, $"after scaling out: {Describe(after)}");
        }

        client.Reconfigure(Static(_replicas.Skip(2)));
        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 1, "the invoker to drop 2 endpoints");
        var scaledIn = await client.CallManyAsync(30);
        Assert.Equal(30, scaledIn.GetValueOrDefault(_replicas[2].Name));
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task StoppedReplica_CallsKeepSucceedingOnOthers_AndItGetsTrafficAfterComingBack()
    {
        await using var client = await ClientHost.StartAsync(Static(_replicas, FastBreaker));
        await client.CallManyAsync(30);
        var stopped = _replicas[1];

        await stopped.StopAsync();
        // A call that races the shutdown on the replica's old connection may fail (a refused new connection is
        // retried elsewhere, a connection closed under a call is not); it opens the circuit, and no call fails after.
        var raced = 0;
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await client.CallAsync();
            }
            catch (RpcException ex) when (ex.Status.DebugException is HttpRequestException)
            {
                raced++;
            }
        }
        Assert.True(raced <= 1, $"{raced} calls failed after the stop");
        var whileDown = await client.CallManyAsync(60); // Throws on any failed call.

        Assert.Equal(60, whileDown.Values.Sum());
        Assert.Equal(0, whileDown.GetValueOrDefault(stopped.Name));
        Assert.Contains(client.Invoker.GetEndpoints(), e => e.Endpoint.Address.Host == stopped.IPAddress.ToString() && e.Circuit != Balancing.CircuitState.Closed);

        await stopped.StartAsync(); // Same address and port, like a restarted pod keeping its IP.
        await Poll.UntilAsync(async () => (await client.CallManyAsync(10)).ContainsKey(stopped.Name), $"{stopped.Name} to get calls again");
        var afterRestart = await client.CallManyAsync(90);
        Assert.True(afterRestart.GetValueOrDefault(stopped.Name) >= 20, $"after the restart: {Describe(afterRestart)}");
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task ConnectionRefused_OneDeadEndpoint_UnaryCallsAreRetriedElsewhereAndItIsSkipped()
    {
        var dead = new Uri($"http://127.0.0.5:{_replicas[0].Port}"); // Nothing listens there.
        var settings = Static(_replicas.Take(2), FastBreaker);
        settings[$"Discovery:Static:Services:{ClientHost.ServiceName}:2"] = dead.ToString();
        await using var client = await ClientHost.StartAsync(settings);

        var counts = await client.CallManyAsync(60, parallel: 1);

        Assert.Equal(60, counts.Values.Sum());
        Assert.True(counts[_replicas[0].Name] >= 25 && counts[_replicas[1].Name] >= 25, Describe(counts));
        Assert.Equal(Balancing.CircuitState.Open, client.Invoker.GetEndpoints().Single(e => e.Endpoint.Address.Host == "127.0.0.5").Circuit);
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task NoEndpoints_EveryCallKind_FailsUnavailableNamingTheService()
    {
        await using var client = await ClientHost.StartAsync(new Dictionary<string, string?>());

        var unary = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync());
        using var streaming = client.Client.StreamingOutputCall(new StreamingOutputRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        var server = await Assert.ThrowsAsync<RpcException>(() => streaming.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        using var duplex = client.Client.FullDuplexCall(deadline: DateTime.UtcNow.AddSeconds(5));
        var bidi = await Assert.ThrowsAsync<RpcException>(() => duplex.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout());

        foreach (var error in new[] { unary, server, bidi })
        {
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.Contains("Service 'auth' has no endpoints", error.Status.Detail);
        }
        Assert.Equal(StatusCode.Unavailable, streaming.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerUnavailable_ConsecutiveFailures_OpenCircuitsAndCallsFailFastWithoutReachingReplicas()
    {
        var settings = Static(_replicas.Take(2), new() { ["Discovery:Balancing:ConsecutiveFailures"] = "2", ["Discovery:Balancing:BreakMs"] = "60000", ["Discovery:Balancing:MaxBreakMs"] = "60000" });
        await using var client = await ClientHost.StartAsync(settings);
        var failing = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.Unavailable, Message = "overloaded" } };

        for (var i = 0; i < 4; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(failing));
            Assert.Equal("overloaded", error.Status.Detail); // The server's status, passed through unchanged.
        }
        var served = _replicas.Sum(r => r.Identity.Calls);
        var fastFailure = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync());

        Assert.Equal(StatusCode.Unavailable, fastFailure.StatusCode);
        Assert.Contains("All 2 endpoints of service 'auth' are failing", fastFailure.Status.Detail);
        Assert.Contains("circuit open", fastFailure.Status.Detail);
        Assert.Equal(served, _replicas.Sum(r => r.Identity.Calls));
        Assert.Equal(2, client.Logs.Count("CircuitOpened"));
    }

    /// <summary>Short breaks, so a test sees an endpoint tried again within a second or two.</summary>
    internal static Dictionary<string, string?> FastBreaker => new()
    {
        ["Discovery:Balancing:FailureBackoffMs"] = "100",
        ["Discovery:Balancing:MaxBreakMs"] = "500",
        ["Discovery:Balancing:BreakMs"] = "200",
    };

    internal static Dictionary<string, string?> Static(IEnumerable<ReplicaServer> replicas, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? []);
        var i = 0;
        foreach (var replica in replicas)
        {
            settings[$"Discovery:Static:Services:{ClientHost.ServiceName}:{i++}"] = replica.Address.ToString();
        }
        return settings;
    }

    internal static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));
}
