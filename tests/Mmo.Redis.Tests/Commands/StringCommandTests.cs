using System.Text;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Commands;

[Collection(RedisCollection.Name)]
public sealed class StringCommandTests(RedisServerFixture fixture) : RedisTestBase
{
    private RedisClient Client => field ??= Connect(fixture.Server);

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        Assert.Null(await Client.GetAsync(NewKey()).DefaultTimeout());
        Assert.Null(await Client.GetAsync(Encoding.UTF8.GetBytes(NewKey())).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_UnicodeString_RoundTrips()
    {
        var key = NewKey() + ":clé";

        Assert.True(await Client.SetAsync(key, "Grüße, 世界 ✓").DefaultTimeout());

        Assert.Equal("Grüße, 世界 ✓", await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_BinaryKeyAndValueWithNulAndCrLf_RoundTripExactly()
    {
        var key = Encoding.UTF8.GetBytes(NewKey()).Concat(new byte[] { 0, 13, 10, 0, 255 }).ToArray();
        var value = new byte[] { 0, 13, 10, 36, 45, 49, 13, 10, 0, 42, 13, 10, 255, 0 };

        Assert.True(await Client.SetAsync(key, value).DefaultTimeout());

        Assert.Equal(value, await Client.GetAsync(key).DefaultTimeout());
        Assert.Equal(value, (await Client.MGetAsync([key]).DefaultTimeout())[0]);
    }

    [Fact]
    public async Task SetAsync_TextKeyBinaryValue_ReadBackWithGetBytes()
    {
        var key = NewKey();
        var value = new byte[] { 1, 0, 2, 13, 10, 3 };

        await Client.SetAsync(key, value.AsMemory()).DefaultTimeout();

        Assert.Equal(value, await Client.GetBytesAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_EmptyValue_IsStoredAndNotNull()
    {
        var key = NewKey();

        await Client.SetAsync(key, string.Empty).DefaultTimeout();

        Assert.Equal(string.Empty, await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_IfNotExists_WritesOnlyTheFirstTime()
    {
        var key = NewKey();
        var nx = new RedisSetOptions(Condition: SetCondition.IfNotExists);

        Assert.True(await Client.SetAsync(key, "first", nx).DefaultTimeout());
        Assert.False(await Client.SetAsync(key, "second", nx).DefaultTimeout());

        Assert.Equal("first", await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_IfExists_WritesOnlyAnExistingKey()
    {
        var key = NewKey();
        var xx = new RedisSetOptions(Condition: SetCondition.IfExists);

        Assert.False(await Client.SetAsync(key, "ghost", xx).DefaultTimeout());
        Assert.Null(await Client.GetAsync(key).DefaultTimeout());

        await Client.SetAsync(key, "real").DefaultTimeout();
        Assert.True(await Client.SetAsync(key, "updated", xx).DefaultTimeout());
        Assert.Equal("updated", await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_WithExpiry_SetsTtlInSecondsOrMilliseconds()
    {
        var seconds = NewKey();
        var milliseconds = NewKey();

        await Client.SetAsync(seconds, "v", new RedisSetOptions(TimeSpan.FromSeconds(100))).DefaultTimeout();
        await Client.SetAsync(milliseconds, "v", new RedisSetOptions(TimeSpan.FromMilliseconds(4500))).DefaultTimeout();

        Assert.InRange((await Client.TtlAsync(seconds).DefaultTimeout())!.Value, TimeSpan.FromSeconds(98), TimeSpan.FromSeconds(100));
        Assert.InRange((await Client.TtlAsync(milliseconds).DefaultTimeout())!.Value, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        var pttl = (await Client.ExecuteAsync("PTTL", [milliseconds]).DefaultTimeout()).AsInt64();
        Assert.InRange(pttl, 3000, 4500);
    }

    [Fact]
    public async Task SetAsync_WithoutExpiryOverExpiringKey_MakesItPersistent()
    {
        var key = NewKey();
        await Client.SetAsync(key, "v", new RedisSetOptions(TimeSpan.FromSeconds(100))).DefaultTimeout();

        await Client.SetAsync(key, "w").DefaultTimeout();

        Assert.Null(await Client.TtlAsync(key).DefaultTimeout());
        Assert.True(await Client.ExistsAsync(key).DefaultTimeout());
    }

    [Fact]
    public void SetAsync_ExpiryBelowOneMillisecond_ThrowsBeforeSending()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.SetAsync(NewKey(), "v", new RedisSetOptions(TimeSpan.Zero)));
    }

    [Fact]
    public async Task MGetAsync_ExistingAndMissingKeys_ReturnsValuesInOrderWithNulls()
    {
        var (a, b, missing) = (NewKey(), NewKey(), NewKey());
        await Client.SetAsync(a, "A").DefaultTimeout();
        await Client.SetAsync(b, "B").DefaultTimeout();

        Assert.Equal(new[] { "A", null, "B" }, await Client.MGetAsync([a, missing, b]).DefaultTimeout());
        var bytes = await Client.MGetAsync([Encoding.UTF8.GetBytes(b), Encoding.UTF8.GetBytes(missing)]).DefaultTimeout();
        Assert.Equal("B"u8.ToArray(), bytes[0]);
        Assert.Null(bytes[1]);
    }

    [Fact]
    public async Task IncrAsync_MissingKey_StartsFromZero()
    {
        var key = NewKey();

        Assert.Equal(1, await Client.IncrAsync(key).DefaultTimeout());
        Assert.Equal(2, await Client.IncrAsync(Encoding.UTF8.GetBytes(key)).DefaultTimeout());
    }

    [Fact]
    public async Task IncrByAsync_PositiveAndNegative_AddsBoth()
    {
        var key = NewKey();

        Assert.Equal(10, await Client.IncrByAsync(key, 10).DefaultTimeout());
        Assert.Equal(-5, await Client.IncrByAsync(Encoding.UTF8.GetBytes(key), -15).DefaultTimeout());
        Assert.Equal("-5", await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task IncrAsync_NonIntegerValue_ThrowsServerExceptionWithRedisMessage()
    {
        var key = NewKey();
        await Client.SetAsync(key, "abc").DefaultTimeout();

        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.IncrAsync(key).DefaultTimeout());

        Assert.Equal("ERR", error.ErrorCode);
        Assert.Contains("not an integer", error.Message);
    }

    [Fact]
    public async Task GetAsync_KeyHoldingASet_ThrowsWrongType()
    {
        var key = NewKey();
        await Client.SAddAsync(key, "member").DefaultTimeout();

        var error = await Assert.ThrowsAsync<RedisServerException>(() => Client.GetAsync(key).DefaultTimeout());

        Assert.Equal("WRONGTYPE", error.ErrorCode);
        Assert.Equal("still usable", (await Client.ExecuteAsync("ECHO", ["still usable"]).DefaultTimeout()).AsString());
    }

    [Fact]
    public async Task SetAsync_FourMegabyteValue_RoundTrips()
    {
        var key = NewKey();
        var value = new byte[4 * 1024 * 1024];
        new Random(3).NextBytes(value);

        await Client.SetAsync(Encoding.UTF8.GetBytes(key), value).DefaultTimeout();

        Assert.Equal(value, await Client.GetBytesAsync(key).DefaultTimeout());
        Logger.AssertNoErrors();
    }
}
