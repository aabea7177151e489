using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Connection;

[Collection(RedisCollection.Name)]
public sealed class DatabaseTests(RedisServerFixture fixture) : RedisTestBase
{
    [Fact]
    public async Task Select_ClientsOnDifferentDatabases_SeeOnlyTheirOwnKeys()
    {
        var key = NewKey();
        var zero = Connect(fixture.Server);
        var one = Connect(fixture.Server, "database=1");
        var two = Connect($"redis://{fixture.Server.EndPoint}/2");

        await one.SetAsync(key, "in one").DefaultTimeout();
        await two.SetAsync(key, "in two").DefaultTimeout();

        Assert.Equal("in one", await one.GetAsync(key).DefaultTimeout());
        Assert.Equal("in two", await two.GetAsync(key).DefaultTimeout());
        Assert.Null(await zero.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task Select_DatabaseOutOfRange_FailsWithConnectionExceptionNamingIt()
    {
        var client = Connect(fixture.Server, "database=4000");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync().DefaultTimeout());

        Assert.Contains("SELECT 4000", error.Message);
    }
}
