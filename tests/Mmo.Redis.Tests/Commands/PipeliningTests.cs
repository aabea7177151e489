using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Commands;

[Collection(RedisCollection.Name)]
public sealed class PipeliningTests(RedisServerFixture fixture) : RedisTestBase
{
    private RedisClient Client => field ??= Connect(fixture.Server);

    [Fact]
    public async Task IncrAsync_ThousandConcurrentCallers_CountsExactlyAndEachSeesItsOwnValue()
    {
        var key = NewKey();
        await Client.PingAsync().DefaultTimeout();

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => Client.IncrAsync(key).AsTask()))).DefaultTimeout();

        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), results.Order());
        Assert.Equal("1000", await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task GetAsync_ManyConcurrentCallers_EachGetsTheReplyToItsOwnCommand()
    {
        var keys = Enumerable.Range(0, 500).Select(i => $"{NewKey()}:{i}").ToArray();
        await Task.WhenAll(keys.Select(key => Client.SetAsync(key, "value of " + key).AsTask())).DefaultTimeout();

        var values = await Task.WhenAll(keys.Select(key => Task.Run(() => Client.GetAsync(key).AsTask()))).DefaultTimeout();

        Assert.Equal(keys.Select(key => "value of " + key), values);
    }

    [Fact]
    public async Task Commands_MixedTypesInterleaved_EachParsesItsOwnReply()
    {
        var key = NewKey();
        var tasks = new List<Task>();
        for (var i = 0; i < 200; i++)
        {
            var field = $"f{i}";
            tasks.Add(Client.HSetAsync(key, field, $"v{i}").AsTask());
            tasks.Add(Client.HGetAsync(key + ":none", field).AsTask().ContinueWith(t => Assert.Null(t.Result), TaskScheduler.Default));
            tasks.Add(Client.PingAsync().AsTask());
            tasks.Add(Client.ExistsAsync(key).AsTask());
        }

        await Task.WhenAll(tasks).DefaultTimeout();

        Assert.Equal(200, (await Client.HGetAllAsync(key).DefaultTimeout()).Count);
        Logger.AssertNoErrors();
    }

    [Fact]
    public async Task Commands_CanceledRightAfterTheCall_LeaveNothingPendingAndRepliesStayMatched()
    {
        var key = NewKey();
        await Client.SetAsync(key, "value").DefaultTimeout();
        var calls = new List<Task<string?>>();
        for (var i = 0; i < 2000; i++)
        {
            using var cancellation = new CancellationTokenSource();
            calls.Add(Client.GetAsync(key, cancellation.Token).AsTask());
            await cancellation.CancelAsync(); // mostly before the writer sent it: such commands are skipped, never sent
        }

        foreach (var call in calls)
        {
            try
            {
                Assert.Equal("value", await call.DefaultTimeout());
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Contains(calls, call => call.IsCanceled || call.IsFaulted);
        await Poll.UntilAsync(() => Task.FromResult(Client.PendingCommands == 0), TimeSpan.FromSeconds(5), "no command is left pending");
        Assert.Equal("value", await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task Commands_CanceledToken_ThrowOperationCanceledWithoutBreakingTheConnection()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetAsync(NewKey(), canceled.Token).DefaultTimeout());

        Assert.True(await Client.SetAsync(NewKey(), "ok").DefaultTimeout());
    }
}
