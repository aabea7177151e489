using System.Text.Json.Nodes;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Discovery.Consul;
using Mmo.Discovery.Tests.Infrastructure;
using Mmo.Grpc.Server.Health;

namespace Mmo.Discovery.Tests;

/// <summary>
/// Mode Consul against <see cref="FakeConsulAgent"/>, which implements the documented agent API (registration, a real
/// gRPC health check of the registered address, blocking health queries); no Consul server can run here.
/// </summary>
public sealed class ConsulDiscoveryTests : IAsyncLifetime
{
    private const string Token = "s3cr3t-token";
    private FakeConsulAgent _agent = null!;
    private ReplicaServer[] _replicas = [];

    public async Task InitializeAsync()
    {
        _agent = await FakeConsulAgent.StartAsync(requiredToken: Token);
        _replicas = await ReplicaServer.StartSetAsync(3);
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task Registration_HostStartsAndStops_RegistersWithGrpcCheckThenDeregisters()
    {
        var settings = ConsulSettings(new()
        {
            ["Discovery:Consul:Registration:ServiceName"] = "auth",
            ["Discovery:Consul:Registration:Address"] = "127.0.0.9",
            ["Discovery:Consul:Registration:GrpcPort"] = "5101",
            ["Discovery:Consul:Registration:Tags:0"] = "mmo",
            ["Discovery:Consul:Registration:Tags:1"] = "grpc",
            ["Discovery:Consul:Registration:Meta:version"] = "1.2.3",
            ["Discovery:Consul:Registration:CheckIntervalSeconds"] = "7",
        });
        var client = await ClientHost.StartAsync(settings);
        const string id = "auth-127.0.0.9-5101";
        await Poll.UntilAsync(() => _agent.Registration(id) is not null, "the registration to reach the agent");

        var body = _agent.Registration(id)!;
        Assert.Equal(id, (string?)body["ID"]);
        Assert.Equal("auth", (string?)body["Name"]);
        Assert.Equal("127.0.0.9", (string?)body["Address"]);
        Assert.Equal(5101, (int?)body["Port"]);
        Assert.Equal(["mmo", "grpc"], body["Tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("1.2.3", (string?)body["Meta"]!["version"]);
        var check = body["Check"]!.AsObject();
        Assert.Equal("127.0.0.9:5101", (string?)check["GRPC"]);
        Assert.False((bool?)check["GRPCUseTLS"]);
        Assert.Equal("7s", (string?)check["Interval"]);
        Assert.Equal("5s", (string?)check["Timeout"]);
        Assert.Equal("60s", (string?)check["DeregisterCriticalServiceAfter"]);

        await client.DisposeAsync();

        var deregister = Assert.Single(_agent.Requests, r => r.Method == "PUT" && r.Path.StartsWith("/v1/agent/service/deregister/", StringComparison.Ordinal));
        Assert.Equal($"/v1/agent/service/deregister/{id}", deregister.Path);
        Assert.Null(_agent.Registration(id));
        Assert.All(_agent.Requests, r => Assert.Equal(Token, r.Token));
    }

    [Fact]
    public async Task Registration_NameAndPortNotSet_TakenFromServiceSettings()
    {
        var settings = ConsulSettings(new() { ["Service:Name"] = "world", ["Service:GrpcPort"] = "5301", ["Discovery:Consul:Registration:Address"] = "10.1.2.3" });
        await using var client = await ClientHost.StartAsync(settings);

        await Poll.UntilAsync(() => _agent.Registration("world-10.1.2.3-5301") is not null, "the registration of 'world'");
        Assert.Equal("10.1.2.3:5301", (string?)_agent.Registration("world-10.1.2.3-5301")!["Check"]!["GRPC"]);
    }

    [Fact]
    public async Task Replicas_RegisterThemselves_CallsSpreadAndFollowBlockingQueryChanges()
    {
        // Each replica's own host registers it; the agent's gRPC check makes it passing.
        foreach (var replica in _replicas)
        {
            await replica.StopAsync();
            replica.Settings = ConsulSettings(new()
            {
                ["Discovery:Consul:Registration:ServiceName"] = "auth",
                ["Discovery:Consul:Registration:Address"] = replica.IPAddress.ToString(),
                ["Discovery:Consul:Registration:GrpcPort"] = replica.Port.ToString(),
            });
        }
        await _replicas[0].StartAsync();
        await using var client = await ClientHost.StartAsync(ConsulSettings(new() { ["Discovery:Consul:BlockingWaitSeconds"] = "30" }));
        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 1, "replica-1 to pass its check and be resolved");
        Assert.Equal(30, (await client.CallManyAsync(30)).GetValueOrDefault("replica-1"));

        // Scale out: two more replicas register. The resolver's blocking query (wait=30s) returns on the change.
        var scaledAt = DateTime.UtcNow;
        await _replicas[1].StartAsync();
        await _replicas[2].StartAsync();
        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 3, "the blocking query to bring the new replicas");
        Assert.True(DateTime.UtcNow - scaledAt < TimeSpan.FromSeconds(10), "the change arrived by the wait timeout, not by the blocking query");
        var spread = await client.CallManyAsync(90);
        Assert.All(_replicas, r => Assert.True(spread.GetValueOrDefault(r.Name) >= 20, StaticBalancingTests.Describe(spread)));

        // A replica reporting NOT_SERVING fails its check and leaves the passing set; stopping one deregisters it.
        _replicas[0].Services.GetRequiredService<HealthStatusRegistry>().SetStatus("", HealthCheckResponse.Types.ServingStatus.NotServing);
        await _replicas[1].StopAsync();
        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 1, "the unhealthy and the stopped replica to leave");
        Assert.Equal(30, (await client.CallManyAsync(30)).GetValueOrDefault("replica-3"));

        var queries = _agent.Requests.Where(r => r.Path == "/v1/health/service/auth").ToList();
        Assert.Contains(queries, q => q.Query.Contains("passing=true") && q.Query.Contains("index=") && q.Query.Contains("wait=30s"));
        // Blocking, not polling: a handful of queries for a handful of changes in several seconds.
        Assert.True(queries.Count < 25, $"{queries.Count} health queries");
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task IndexGoesBackwards_Resolver_ResetsToZeroAndFollowsTheNewState()
    {
        _agent.SetInstance("auth-1", "auth", "127.0.0.2", _replicas[0].Port);
        await using var client = await ClientHost.StartAsync(ConsulSettings(new() { ["Discovery:Consul:BlockingWaitSeconds"] = "1" }));
        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 1, "the first resolution");

        // Below the index the resolver blocks on, as after a snapshot restore: like Consul, the agent now holds the
        // query until the wait elapses and answers with the lower index. A client that kept its index would block on
        // it forever; this one starts over from 0 and sees the change.
        _agent.ForceIndex(5);
        _agent.SetInstance("auth-2", "auth", "127.0.0.3", _replicas[1].Port);

        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 2, "the new instance after the reset");
        // After the answer with index 6 (< the previous one) the next query starts over without an index.
        List<string> Queries() => [.. _agent.Requests.Where(r => r.Path == "/v1/health/service/auth").Select(r => r.Query)];
        await Poll.UntilAsync(() => Queries().FindIndex(1, q => !q.Contains("index=")) > 0, "a query without an index after the reset");
        Assert.Equal(1, client.Logs.Count("ConsulIndexReset"));
        await Poll.UntilAsync(() => Queries().Any(q => q.Contains("index=6&")), "blocking on the new, lower index");
    }

    [Fact]
    public async Task AgentFailing_Resolver_KeepsLastEndpointsRetriesAndRecovers()
    {
        _agent.SetInstance("auth-1", "auth", "127.0.0.2", _replicas[0].Port);
        await using var client = await ClientHost.StartAsync(ConsulSettings(new()
        {
            ["Discovery:Consul:BlockingWaitSeconds"] = "1",
            ["Discovery:Consul:ErrorBackoffMs"] = "50",
            ["Discovery:Consul:MaxErrorBackoffMs"] = "200",
        }));
        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 1, "the first resolution");

        _agent.FailNext(3);
        await Poll.UntilAsync(() => client.Logs.Count("ResolveFailed") >= 3, "three failed queries");
        Assert.Equal(20, (await client.CallManyAsync(20)).GetValueOrDefault("replica-1")); // Still served meanwhile.
        _agent.SetInstance("auth-2", "auth", "127.0.0.3", _replicas[1].Port);

        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 2, "recovery with the new instance");
        Assert.Equal(1, client.Logs.Count("ResolveRecovered"));
        Assert.Contains("500", client.Logs.Records.First(r => r.EventId.Name == "ResolveFailed").Message);
    }

    [Fact]
    public async Task WrongToken_Resolver_LogsTheAgentsRefusal()
    {
        var settings = ConsulSettings(new() { ["Discovery:Consul:Token"] = "wrong", ["Discovery:Consul:ErrorBackoffMs"] = "50" });
        await using var client = await ClientHost.StartAsync(settings);

        client.Invoker.GetEndpoints();
        await Poll.UntilAsync(() => client.Logs.Count("ResolveFailed") >= 1, "a failed query");
        Assert.Contains("403", client.Logs.Records.First(r => r.EventId.Name == "ResolveFailed").Message);
        Assert.All(_agent.Requests, r => Assert.Equal("wrong", r.Token));
    }

    private Dictionary<string, string?> ConsulSettings(Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Discovery:Mode"] = "consul",
            ["Discovery:Consul:Address"] = _agent.Address.ToString(),
            ["Discovery:Consul:Token"] = Token,
            ["Discovery:Consul:MinQueryIntervalMs"] = "50",
            ["Discovery:Consul:Registration:Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        if (extra.Keys.Any(k => k.StartsWith("Discovery:Consul:Registration:", StringComparison.Ordinal) || k.StartsWith("Service:", StringComparison.Ordinal)))
        {
            settings["Discovery:Consul:Registration:Enabled"] = "true";
        }
        return settings;
    }
}
