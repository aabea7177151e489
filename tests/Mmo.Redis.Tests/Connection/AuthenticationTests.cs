using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Connection;

public sealed class AuthenticationTests : RedisTestBase
{
    [Fact]
    public async Task Connect_RightPassword_CommandsAndPubSubWork()
    {
        var server = await StartServerAsync("--requirepass", "s3cret");
        var client = Connect(server, "password=s3cret");
        var channel = NewKey();

        Assert.True(await client.SetAsync("k", "v").DefaultTimeout());
        await using var subscription = await client.SubscribeAsync(channel).DefaultTimeout();
        await client.PublishAsync(channel, "hi").DefaultTimeout();

        Assert.Equal("hi", (await subscription.Messages.ReadAsync().DefaultTimeout()).PayloadText);
        Logger.AssertNoErrors();
    }

    [Fact]
    public async Task Connect_AclUserAndPassword_CommandsWork()
    {
        var server = await StartServerAsync("--user", "game", "on", ">gamepass", "~*", "&*", "+@all");
        var client = Connect($"redis://game:gamepass@{server.EndPoint}");

        Assert.True(await client.SetAsync("k", "v").DefaultTimeout());
        Assert.Equal("game", (await client.ExecuteAsync("ACL", ["WHOAMI"]).DefaultTimeout()).AsString());
    }

    [Fact]
    public async Task Connect_WrongPassword_FailsWithConnectionExceptionQuotingRedis()
    {
        var server = await StartServerAsync("--requirepass", "s3cret");
        var client = Connect(server, "password=wrong");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k").DefaultTimeout());

        Assert.Contains("refused the credentials of user 'default'", error.Message);
        Assert.Contains("WRONGPASS", error.Message);
    }

    [Fact]
    public async Task Connect_NoPasswordForProtectedServer_FailsSayingAPasswordIsNeeded()
    {
        var server = await StartServerAsync("--requirepass", "s3cret");
        var client = Connect(server);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k").DefaultTimeout());

        Assert.Contains("NOAUTH", error.Message);
        Assert.Contains("password=", error.Message);
    }
}
