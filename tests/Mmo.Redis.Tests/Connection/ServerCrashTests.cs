using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Connection;

/// <summary>Redis crashing (SIGKILL), absent or corrupt, and coming back; each test has a server of its own.</summary>
public sealed class ServerCrashTests : RedisTestBase
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A loose bound (not a performance figure): a caller must never wait much past its timeout.</summary>
    private static readonly TimeSpan Bound = CommandTimeout + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Commands_ServerKilledWithCommandsInFlight_AllFailWithinTheirTimeout()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server);
        await PauseAsync(server, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        var inFlight = Enumerable.Range(0, 200).Select(i => client.SetAsync($"k{i}", "v").AsTask()).ToArray();

        await server.KillAsync();

        foreach (var command in inFlight)
        {
            var error = await Assert.ThrowsAnyAsync<RedisException>(() => command.DefaultTimeout());
            Assert.True(error is RedisConnectionException or RedisTimeoutException, error.ToString());
        }

        Assert.True(clock.Elapsed < Bound, $"in-flight commands took {clock.Elapsed} to fail");
    }

    [Fact]
    public async Task Commands_WhileServerIsDown_FailFastWithConnectionException()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server);

        await server.KillAsync();

        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAnyAsync<RedisException>(() => client.GetAsync("k").DefaultTimeout());
            Assert.True(error is RedisConnectionException or RedisTimeoutException, error.ToString());
            Assert.True(clock.Elapsed < Bound, $"a command took {clock.Elapsed} to fail");
        }

        var unavailable = await Assert.ThrowsAsync<RedisConnectionException>(() => client.IncrAsync("k").DefaultTimeout());
        Assert.Contains(server.EndPoint, unavailable.Message);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Client_ServerRestartedOnSamePort_RecoversByItself()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server);
        await client.SetAsync("before", "1").DefaultTimeout();
        await server.KillAsync();
        await Assert.ThrowsAnyAsync<RedisException>(() => client.GetAsync("before").DefaultTimeout());

        await server.RestartAsync().DefaultTimeout();

        await Poll.UntilSucceedsAsync(() => client.PingAsync().AsTask(), TimeSpan.FromSeconds(15), "the client reconnected");
        Assert.True(client.IsConnected);
        Assert.Null(await client.GetAsync("before").DefaultTimeout());
        Assert.True(await client.SetAsync("after", "2").DefaultTimeout());
        Assert.Equal("2", await client.GetAsync("after").DefaultTimeout());
        await Logger.WaitForEntryAsync(entry => entry.Message.Contains("Lost the command connection", StringComparison.Ordinal), "the lost connection is logged");
    }

    [Fact]
    public async Task Subscription_ServerRestarted_IsRestoredAndReceivesNewMessages()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server);
        var channel = NewKey();
        await using var subscription = await client.SubscribeAsync(channel).DefaultTimeout();
        await using var pattern = await client.PSubscribeAsync(channel + ".*").DefaultTimeout();

        await server.KillAsync();
        await server.RestartAsync().DefaultTimeout();

        await Poll.UntilAsync(
            async () => await TryPublishAsync(client, channel, "after restart") > 0,
            TimeSpan.FromSeconds(15),
            "the subscription was restored");
        Assert.Equal("after restart", (await subscription.Messages.ReadAsync().DefaultTimeout()).PayloadText);
        await Poll.UntilAsync(
            async () => await TryPublishAsync(client, channel + ".x", "pattern too") > 0,
            TimeSpan.FromSeconds(15),
            "the pattern subscription was restored");
        Assert.Equal("pattern too", (await pattern.Messages.ReadAsync().DefaultTimeout()).PayloadText);
        await Logger.WaitForEntryAsync(
            entry => entry.Message.StartsWith("Resubscribed to 1 channels and 1 patterns", StringComparison.Ordinal), "the resubscription is logged");
    }

    [Fact]
    public async Task Commands_NoServerListening_FailFastWithConnectionException()
    {
        var client = Connect($"127.0.0.1:{RedisServer.FreePort()},commandTimeout=2000,{FastReconnect}");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k").DefaultTimeout());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.Contains("ConnectionRefused", error.Message);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Command_MalformedReply_FailsWithConnectionExceptionAndLogsAnError()
    {
        using var corrupt = new TcpListener(IPAddress.Loopback, 0);
        corrupt.Start();
        var serving = AnswerPingThenGarbageAsync(corrupt);
        var client = Connect($"127.0.0.1:{((IPEndPoint)corrupt.LocalEndpoint).Port},reconnectMinDelay=5000,reconnectMaxDelay=5000");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k").DefaultTimeout());

        Assert.Contains("malformed reply", error.Message);
        await serving.DefaultTimeout();
        await Logger.WaitForEntryAsync(entry => entry.Level == LogLevel.Error && entry.Exception is RedisProtocolException, "the protocol error is logged");
        Logger.Entries.Clear(); // the one error this test expects
    }

    private static async Task<long> TryPublishAsync(RedisClient client, string channel, string message)
    {
        try
        {
            return await client.PublishAsync(channel, message).DefaultTimeout();
        }
        catch (RedisException)
        {
            return 0;
        }
    }

    /// <summary>Fault injection, not a Redis: answers the handshake's PING, then a GET with a RESP3 type byte RESP2 does not have.</summary>
    private static async Task AnswerPingThenGarbageAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var received = new StringBuilder();
        var buffer = new byte[1024];
        foreach (var (expected, reply) in new[] { ("PING\r\n", "+PONG\r\n"), ("GET\r\n", "%1\r\n") })
        {
            while (!received.ToString().Contains(expected, StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer);
                Assert.NotEqual(0, read);
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await socket.SendAsync(Encoding.ASCII.GetBytes(reply));
        }

        try
        {
            while (await socket.ReceiveAsync(buffer) > 0)
            {
                // Until the client drops the connection it can no longer trust.
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Dropped with unread bytes pending: a reset rather than a close.
        }
    }
}
