using System.Text;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Commands;

[Collection(RedisCollection.Name)]
public sealed class ExecuteTests(RedisServerFixture fixture) : RedisTestBase
{
    private RedisClient Client => field ??= Connect(fixture.Server);

    [Fact]
    public async Task ExecuteAsync_CommandWithoutTypedMethod_ReturnsItsReply()
    {
        var key = NewKey();
        await Client.ExecuteAsync("RPUSH", [key, "a", "b", "c"]).DefaultTimeout();

        var range = await Client.ExecuteAsync("LRANGE", [Encoding.UTF8.GetBytes(key), "0"u8.ToArray(), "-1"u8.ToArray()]).DefaultTimeout();

        Assert.Equal(["a", "b", "c"], range.Items.Select(item => item.AsString()));
    }

    [Fact]
    public async Task ExecuteAsync_TwoWordCommand_IsSentAsTwoArguments()
    {
        var result = await Client.ExecuteAsync("CONFIG GET", ["maxmemory-policy"]).DefaultTimeout();

        Assert.Equal("maxmemory-policy", result[0].AsString());
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCommand_ThrowsServerException()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.ExecuteAsync("NOSUCHCOMMAND").DefaultTimeout());

        Assert.Contains("unknown command", error.Message);
    }

    [Theory]
    [InlineData("SUBSCRIBE", "news")]
    [InlineData("select", "3")]
    [InlineData("MONITOR", null)]
    [InlineData("BLPOP", "k")]
    [InlineData("CLIENT", "REPLY")]
    [InlineData("CLIENT REPLY", "OFF")]
    public void ExecuteAsync_CommandThatWouldBreakTheSharedConnection_IsRefused(string command, string? argument)
    {
        var error = Assert.Throws<ArgumentException>(() => Client.ExecuteAsync(command, argument is null ? [] : [argument]));

        Assert.Contains("shared Redis connection", error.Message);
    }
}
