using System.Text;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Commands;

[Collection(RedisCollection.Name)]
public sealed class ScriptTests(RedisServerFixture fixture) : RedisTestBase
{
    private static readonly RedisScript IncrementAndEcho = new(
        "local n = redis.call('INCRBY', KEYS[1], ARGV[1]) return {n, ARGV[2], {KEYS[1]}}");

    private RedisClient Client => field ??= Connect(fixture.Server);

    [Fact]
    public async Task EvalAsync_KeysAndArguments_ReturnsNestedResult()
    {
        var key = NewKey();

        var result = await Client.EvalAsync("return {KEYS[1], ARGV[1], 42, {ARGV[2]}, false}", [key], ["a", "b"]).DefaultTimeout();

        Assert.Equal(RedisResultType.Array, result.Type);
        Assert.Equal(key, result[0].AsString());
        Assert.Equal("a", result[1].AsString());
        Assert.Equal(42, result[2].AsInt64());
        Assert.Equal("b", result[3][0].AsString());
        Assert.True(result[4].IsNull);
    }

    [Fact]
    public async Task EvalAsync_BinaryArguments_ArriveUnchanged()
    {
        var value = new byte[] { 0, 13, 10, 255 };

        var result = await Client.EvalAsync("return ARGV[1]", [Encoding.UTF8.GetBytes(NewKey())], [value]).DefaultTimeout();

        Assert.Equal(value, result.AsBytes());
    }

    [Fact]
    public async Task EvalAsync_ScriptRaisesError_ThrowsServerException()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.EvalAsync("return redis.error_reply('MMO no such hero')").DefaultTimeout());

        Assert.Equal("MMO", error.ErrorCode);
        Assert.Contains("no such hero", error.Message);
    }

    [Fact]
    public async Task ScriptLoadAsync_Script_ReturnsTheSha1RedisScriptComputes()
    {
        var sha = await Client.ScriptLoadAsync(IncrementAndEcho.Source).DefaultTimeout();

        Assert.Equal(IncrementAndEcho.Sha1, sha);
        var result = await Client.EvalShaAsync(sha, [NewKey()], ["5", "x"]).DefaultTimeout();
        Assert.Equal(5, result[0].AsInt64());
    }

    [Fact]
    public async Task EvaluateAsync_AfterScriptFlush_FallsBackToEvalAndIsCachedAgain()
    {
        var key = NewKey();
        Assert.Equal(1, (await IncrementAndEcho.EvaluateAsync(Client, [key], ["1", "first"]).DefaultTimeout())[0].AsInt64());

        await Client.ExecuteAsync("SCRIPT", ["FLUSH"]).DefaultTimeout();
        var noScript = await Assert.ThrowsAsync<RedisServerException>(() => Client.EvalShaAsync(IncrementAndEcho.Sha1, [key], ["1", "x"]).DefaultTimeout());
        Assert.Equal("NOSCRIPT", noScript.ErrorCode);
        await Client.ExecuteAsync("CONFIG", ["RESETSTAT"]).DefaultTimeout();

        for (var i = 0; i < 3; i++)
        {
            var result = await IncrementAndEcho.EvaluateAsync(Client, [key], ["1", "again"]).DefaultTimeout();
            Assert.Equal(2 + i, result[0].AsInt64());
            Assert.Equal("again", result[1].AsString());
            Assert.Equal(key, result[2][0].AsString());
        }

        // One EVAL sent the body after the NOSCRIPT; the two later runs hit the cache through EVALSHA alone.
        var stats = (await Client.ExecuteAsync("INFO", ["commandstats"]).DefaultTimeout()).AsString()!;
        Assert.Contains("cmdstat_eval:calls=1,", stats);
        Assert.Equal(1, (await Client.ExecuteAsync("SCRIPT", ["EXISTS", IncrementAndEcho.Sha1]).DefaultTimeout())[0].AsInt64());
    }

    [Fact]
    public async Task EvaluateAsync_BinaryKeysAndArguments_UsesTheCache()
    {
        var key = Encoding.UTF8.GetBytes(NewKey());

        var result = await IncrementAndEcho.EvaluateAsync(Client, [key], [Encoding.UTF8.GetBytes("3"), new byte[] { 0, 1 }]).DefaultTimeout();

        Assert.Equal(3, result[0].AsInt64());
        Assert.Equal(new byte[] { 0, 1 }, result[1].AsBytes());
    }
}
