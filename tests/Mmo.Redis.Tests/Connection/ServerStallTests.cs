using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Connection;

/// <summary>Redis stalling (CLIENT PAUSE) or never answering: timeouts, cancellation, the pending limit, disposal.</summary>
public sealed class ServerStallTests : RedisTestBase
{
    [Fact]
    public async Task Commands_ServerStalled_TimeOutAndLaterRepliesStayMatched()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server, "commandTimeout=300");
        await client.SetAsync("a", "A").DefaultTimeout();
        await client.SetAsync("b", "B").DefaultTimeout();
        await PauseAsync(server, TimeSpan.FromMilliseconds(1500));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.GetAsync("a").DefaultTimeout());

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(300) + TimeSpan.FromSeconds(2));
        Assert.Contains("did not reply to GET within 300 ms", error.Message);

        // The late reply to GET a is read and discarded: GET b must get B, not A.
        await Poll.UntilSucceedsAsync(() => client.PingAsync().AsTask(), TimeSpan.FromSeconds(10), "the server resumed");
        Assert.Equal("B", await client.GetAsync("b").DefaultTimeout());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Commands_PendingLimitReached_RejectedAtOnceWithQueueFullException()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server, "maxPendingCommands=10,commandTimeout=5000");
        await PauseAsync(server, TimeSpan.FromMilliseconds(500));

        var calls = Enumerable.Range(0, 30).Select(i => client.SetAsync($"k{i}", "v").AsTask()).ToArray();

        var rejected = calls.Where(call => call.IsFaulted).ToArray();
        Assert.Equal(20, rejected.Length);
        Assert.All(rejected, call => Assert.IsType<RedisQueueFullException>(call.Exception!.InnerException));
        Assert.All(await Task.WhenAll(calls.Except(rejected)).DefaultTimeout(), Assert.True);
    }

    [Fact]
    public async Task Command_TokenCanceledWhileWaiting_ThrowsOperationCanceledAtOnce()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server, "commandTimeout=10000");
        await PauseAsync(server, TimeSpan.FromSeconds(2));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("k", cancellation.Token).DefaultTimeout());

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(200) + TimeSpan.FromSeconds(2), $"cancellation took {clock.Elapsed}");
        await Poll.UntilSucceedsAsync(() => client.PingAsync().AsTask(), TimeSpan.FromSeconds(10), "the server resumed");
    }

    [Fact]
    public async Task Connect_ServerAcceptsButNeverAnswers_FailsAfterConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var client = Connect($"127.0.0.1:{port},connectTimeout=300,commandTimeout=3000,{FastReconnect}");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k").DefaultTimeout());

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.Contains("timed out after 300 ms", error.Message);
    }

    [Fact]
    public async Task Command_ConnectSlowerThanCommandTimeout_ThrowsTimeoutWithinCommandTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var client = Connect($"127.0.0.1:{port},connectTimeout=5000,commandTimeout=300");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.GetAsync("k").DefaultTimeout());

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(300) + TimeSpan.FromSeconds(2));
        Assert.Contains("No connection to Redis", error.Message);
    }

    [Fact]
    public async Task DisposeAsync_CommandsInFlight_FailsThemAndLaterCallsThrowObjectDisposed()
    {
        var server = await StartServerAsync();
        var client = await ConnectedClientAsync(server);
        await PauseAsync(server, TimeSpan.FromSeconds(5));
        var inFlight = client.GetAsync("k").AsTask();

        await client.DisposeAsync().DefaultTimeout();

        await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight.DefaultTimeout());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync("k").DefaultTimeout());
    }
}
