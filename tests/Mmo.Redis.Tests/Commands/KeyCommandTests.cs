using System.Text;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Commands;

[Collection(RedisCollection.Name)]
public sealed class KeyCommandTests(RedisServerFixture fixture) : RedisTestBase
{
    private RedisClient Client => field ??= Connect(fixture.Server);

    [Fact]
    public async Task DelAsync_OneKey_ReportsWhetherItExisted()
    {
        var key = NewKey();
        await Client.SetAsync(key, "v").DefaultTimeout();

        Assert.True(await Client.DelAsync(key).DefaultTimeout());
        Assert.False(await Client.DelAsync(Encoding.UTF8.GetBytes(key)).DefaultTimeout());
        Assert.Null(await Client.GetAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task DelAsync_SeveralKeys_CountsTheExistingOnes()
    {
        var (a, b, missing) = (NewKey(), NewKey(), NewKey());
        await Client.SetAsync(a, "1").DefaultTimeout();
        await Client.SetAsync(b, "2").DefaultTimeout();

        Assert.Equal(2, await Client.DelAsync([a, missing, b]).DefaultTimeout());
        Assert.Equal(0, await Client.DelAsync([Encoding.UTF8.GetBytes(a)]).DefaultTimeout());
    }

    [Fact]
    public async Task ExistsAsync_SingleAndMany_CountKeysThatExist()
    {
        var (a, missing) = (NewKey(), NewKey());
        await Client.SetAsync(a, "1").DefaultTimeout();

        Assert.True(await Client.ExistsAsync(a).DefaultTimeout());
        Assert.False(await Client.ExistsAsync(Encoding.UTF8.GetBytes(missing)).DefaultTimeout());
        Assert.Equal(2, await Client.ExistsAsync([a, missing, a]).DefaultTimeout());
        Assert.Equal(1, await Client.ExistsAsync([Encoding.UTF8.GetBytes(a)]).DefaultTimeout());
    }

    [Fact]
    public async Task ExpireAsync_ExistingKey_SetsTtl()
    {
        var key = NewKey();
        await Client.SetAsync(key, "v").DefaultTimeout();

        Assert.True(await Client.ExpireAsync(key, TimeSpan.FromMinutes(10)).DefaultTimeout());

        Assert.InRange((await Client.TtlAsync(Encoding.UTF8.GetBytes(key)).DefaultTimeout())!.Value, TimeSpan.FromSeconds(598), TimeSpan.FromSeconds(600));
    }

    [Fact]
    public async Task ExpireAsync_MissingKey_ReturnsFalse()
    {
        Assert.False(await Client.ExpireAsync(NewKey(), TimeSpan.FromSeconds(5)).DefaultTimeout());
    }

    [Fact]
    public async Task TtlAsync_PersistentOrMissingKey_ReturnsNull()
    {
        var key = NewKey();
        await Client.SetAsync(key, "v").DefaultTimeout();

        Assert.Null(await Client.TtlAsync(key).DefaultTimeout());
        Assert.Null(await Client.TtlAsync(NewKey()).DefaultTimeout());
    }

    [Fact]
    public async Task ExpireAsync_SubSecondExpiry_KeyDisappears()
    {
        var key = NewKey();
        await Client.SetAsync(key, "v").DefaultTimeout();

        Assert.True(await Client.ExpireAsync(Encoding.UTF8.GetBytes(key), TimeSpan.FromMilliseconds(150)).DefaultTimeout());

        await Poll.UntilAsync(async () => !await Client.ExistsAsync(key), TimeSpan.FromSeconds(5), "the key expired");
    }
}
