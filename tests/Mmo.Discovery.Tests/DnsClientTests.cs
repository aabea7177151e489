using System.Net;
using Mmo.Discovery.Dns;
using Mmo.Discovery.Tests.Infrastructure;

namespace Mmo.Discovery.Tests;

/// <summary>The DNS client's transport rules, against a scripted server.</summary>
public sealed class DnsClientTests
{
    private static readonly IPAddress Right = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Wrong = IPAddress.Parse("6.6.6.6");

    [Fact]
    public async Task QueryAsync_AnswerWithAnotherId_IsIgnoredForTheMatchingOne()
    {
        await using var server = new ScriptedDnsServer(
            udp: query => [ScriptedDnsServer.Answer(query, (ushort)(ScriptedDnsServer.IdOf(query) ^ 0x5555), 0x8180, Wrong), ScriptedDnsServer.Answer(query, ScriptedDnsServer.IdOf(query), 0x8180, Right)],
            tcp: query => throw new InvalidOperationException("no TCP expected"));
        var client = new DnsClient([server.EndPoint], TimeSpan.FromSeconds(2), 1);

        var addresses = await client.QueryAsync("auth.mmo.test", DnsRecordType.A, CancellationToken.None).DefaultTimeout();

        Assert.Equal([Right], addresses);
    }

    [Fact]
    public async Task QueryAsync_TruncatedOverUdp_AsksAgainOverTcp()
    {
        await using var server = new ScriptedDnsServer(
            udp: query => [ScriptedDnsServer.Answer(query, ScriptedDnsServer.IdOf(query), 0x8380, Wrong)], // TC set
            tcp: query => ScriptedDnsServer.Answer(query, ScriptedDnsServer.IdOf(query), 0x8180, Right, IPAddress.Parse("10.0.0.2")));
        var client = new DnsClient([server.EndPoint], TimeSpan.FromSeconds(2), 1);

        var addresses = await client.QueryAsync("auth.mmo.test", DnsRecordType.A, CancellationToken.None).DefaultTimeout();

        Assert.Equal([Right, IPAddress.Parse("10.0.0.2")], addresses);
        Assert.Equal(1, server.TcpQueries);
    }

    [Fact]
    public async Task QueryAsync_FirstServerSilentSecondAnswers_UsesTheSecondWithinTheTimeout()
    {
        await using var silent = new ScriptedDnsServer(udp: _ => [], tcp: query => query);
        await using var answering = new ScriptedDnsServer(udp: query => [ScriptedDnsServer.Answer(query, ScriptedDnsServer.IdOf(query), 0x8180, Right)], tcp: query => query);
        var client = new DnsClient([silent.EndPoint, answering.EndPoint], TimeSpan.FromMilliseconds(200), 1);

        Assert.Equal([Right], await client.QueryAsync("auth.mmo.test", DnsRecordType.A, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task QueryAsync_ServerFailure_FailsNamingServerAndCode()
    {
        await using var server = new ScriptedDnsServer(udp: query => [ScriptedDnsServer.Answer(query, ScriptedDnsServer.IdOf(query), 0x8182)], tcp: query => query);
        var client = new DnsClient([server.EndPoint], TimeSpan.FromSeconds(1), 2);

        var error = await Assert.ThrowsAsync<DnsResolutionException>(() => client.QueryAsync("auth.mmo.test", DnsRecordType.A, CancellationToken.None).DefaultTimeout());

        Assert.Contains($"{server.EndPoint}: ServerFailure", error.Message);
    }

    [Fact]
    public void ReadResolvConf_NameserverLines_InOrderOnPort53()
    {
        var servers = DnsServerList.ReadResolvConf(["# generated", "search mmo.svc.cluster.local svc.cluster.local", "nameserver 10.96.0.10", "nameserver  fd00::a", "options ndots:5", "nameserver not-an-ip"]);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.96.0.10"), 53), new IPEndPoint(IPAddress.Parse("fd00::a"), 53)], servers);
    }

    [Theory]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("10.96.0.10", "10.96.0.10:53")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    [InlineData("::1", "[::1]:53")]
    public void TryParseServer_Forms_GiveEndpoint(string value, string expected)
    {
        Assert.True(DnsServerList.TryParseServer(value, out var server));
        Assert.Equal(expected, server.ToString());
    }

    [Theory]
    [InlineData("dns.local:53")]
    [InlineData("")]
    public void TryParseServer_NotAnAddress_Fails(string value) => Assert.False(DnsServerList.TryParseServer(value, out _));
}
