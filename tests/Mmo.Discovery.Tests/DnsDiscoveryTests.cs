using System.Net;
using Grpc.Core;
using Mmo.Discovery.Dns;
using Mmo.Discovery.Tests.Infrastructure;
using Mmo.Testing.V1;
using Xunit.Abstractions;

namespace Mmo.Discovery.Tests;

/// <summary>
/// Mode Dns and the DNS client against a real dnsmasq serving A records of one name, like the pod IPs of a Kubernetes
/// headless Service, with real replicas on those addresses.
/// </summary>
public sealed class DnsDiscoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Name = "auth.mmo.test";
    private ReplicaServer[] _replicas = [];
    private DnsmasqServer _dns = null!;

    public async Task InitializeAsync()
    {
        _replicas = await ReplicaServer.StartSetAsync(3);
        _dns = await DnsmasqServer.StartAsync(Hosts(_replicas), Name);
    }

    public async Task DisposeAsync()
    {
        await _dns.DisposeAsync();
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnaryCalls_ThreeARecords_TrafficOnAllThree()
    {
        await using var client = await ClientHost.StartAsync(DnsSettings());

        var counts = await client.CallManyAsync(300);
        output.WriteLine($"300 calls: {StaticBalancingTests.Describe(counts)}");

        Assert.Equal(300, counts.Values.Sum());
        Assert.All(_replicas, r => Assert.True(counts.GetValueOrDefault(r.Name) > 60, StaticBalancingTests.Describe(counts)));
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task RecordsChange_DnsmasqReloaded_ResolverPicksUpNewAndDroppedAddresses()
    {
        await _dns.ReplaceHostsAsync(Hosts(_replicas.Take(1)));
        await using var client = await ClientHost.StartAsync(DnsSettings());
        Assert.Equal(30, (await client.CallManyAsync(30)).GetValueOrDefault(_replicas[0].Name));

        await _dns.ReplaceHostsAsync(Hosts(_replicas.Skip(1)));

        await Poll.UntilAsync(() => client.Invoker.GetEndpoints().Count == 2 && client.Invoker.GetEndpoints().All(e => e.Endpoint.Address.Host != "127.0.0.2"), "the periodic refresh to see the new records");
        var counts = await client.CallManyAsync(60);
        Assert.Equal(0, counts.GetValueOrDefault(_replicas[0].Name));
        Assert.True(counts.GetValueOrDefault(_replicas[1].Name) >= 20 && counts.GetValueOrDefault(_replicas[2].Name) >= 20, StaticBalancingTests.Describe(counts));
        client.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task QueryAsync_MoreRecordsThanFitIn512Bytes_FallsBackToTcpAndReturnsAll()
    {
        var many = Enumerable.Range(1, 60).Select(i => $"10.0.1.{i} many.mmo.test");
        await _dns.ReplaceHostsAsync(Hosts(_replicas).Concat(many));
        var client = new DnsClient([_dns.EndPoint], TimeSpan.FromSeconds(2), 1);

        // 60 A records take ~960 bytes: over UDP (no EDNS) dnsmasq sets TC, and only TCP brings them all.
        await Poll.UntilAsync(async () => (await client.QueryAsync("many.mmo.test", DnsRecordType.A, CancellationToken.None)).Count > 0, "dnsmasq to reload");
        var addresses = await client.QueryAsync("many.mmo.test", DnsRecordType.A, CancellationToken.None).DefaultTimeout();

        Assert.Equal(60, addresses.Count);
        Assert.Contains(IPAddress.Parse("10.0.1.60"), addresses);
    }

    [Fact]
    public async Task QueryAsync_AaaaAndUnknownNames_ReturnsIPv6OrNothing()
    {
        await _dns.ReplaceHostsAsync(Hosts(_replicas).Append("fd00::7 v6.mmo.test"));
        var client = new DnsClient([_dns.EndPoint], TimeSpan.FromSeconds(2), 1);
        await Poll.UntilAsync(async () => (await client.QueryAsync("v6.mmo.test", DnsRecordType.Aaaa, CancellationToken.None)).Count > 0, "dnsmasq to reload");

        Assert.Equal([IPAddress.Parse("fd00::7")], await client.QueryAsync("V6.MMO.test.", DnsRecordType.Aaaa, CancellationToken.None).DefaultTimeout());
        Assert.Empty(await client.QueryAsync("v6.mmo.test", DnsRecordType.A, CancellationToken.None).DefaultTimeout());
        Assert.Empty(await client.QueryAsync(Name, DnsRecordType.Aaaa, CancellationToken.None).DefaultTimeout());
        Assert.Empty(await client.QueryAsync("nothing.mmo.test", DnsRecordType.A, CancellationToken.None).DefaultTimeout()); // NXDOMAIN
    }

    [Fact]
    public async Task Resolve_ServerRefusesAaaa_UsesTheARecords()
    {
        await using var refusing = await DnsmasqServer.StartAsync(Hosts(_replicas), Name, localDomain: null);
        var settings = DnsSettings();
        settings["Discovery:Dns:Server"] = refusing.Server;
        await using var client = await ClientHost.StartAsync(settings);

        var counts = await client.CallManyAsync(30);

        Assert.All(_replicas, r => Assert.Equal(10, counts.GetValueOrDefault(r.Name)));
    }

    [Fact]
    public async Task Resolve_NoServerAnswers_LogsFailureAndCallsFailWithinDeadline()
    {
        var settings = DnsSettings();
        settings["Discovery:Dns:Server"] = "127.0.0.1:9"; // discard port: nothing answers, ICMP refuses at once.
        settings["Discovery:Dns:QueryTimeoutMs"] = "100";
        await using var client = await ClientHost.StartAsync(settings);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.Client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddMilliseconds(500)).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await Poll.UntilAsync(() => client.Logs.Count("ResolveFailed") > 0, "the failure to be logged");
        Assert.Contains("127.0.0.1:9", client.Logs.Records.First(r => r.EventId.Name == "ResolveFailed").Message);
    }

    private Dictionary<string, string?> DnsSettings() => new()
    {
        ["Discovery:Mode"] = "dns",
        ["Discovery:Dns:Server"] = _dns.Server,
        ["Discovery:Dns:RefreshSeconds"] = "1",
        ["Discovery:Dns:HostTemplate"] = "{service}.mmo.test",
        ["Discovery:Dns:Port"] = _replicas[0].Port.ToString(),
    };

    private static IEnumerable<string> Hosts(IEnumerable<ReplicaServer> replicas) => replicas.Select(r => $"{r.IPAddress} {Name}");
}
