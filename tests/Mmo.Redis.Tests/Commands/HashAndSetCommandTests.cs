using System.Text;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests.Commands;

[Collection(RedisCollection.Name)]
public sealed class HashAndSetCommandTests(RedisServerFixture fixture) : RedisTestBase
{
    private RedisClient Client => field ??= Connect(fixture.Server);

    [Fact]
    public async Task HSetAsync_NewThenExistingField_ReportsNewAndOverwrites()
    {
        var key = NewKey();

        Assert.True(await Client.HSetAsync(key, "name", "Aria").DefaultTimeout());
        Assert.False(await Client.HSetAsync(key, "name", "Brom").DefaultTimeout());

        Assert.Equal("Brom", await Client.HGetAsync(key, "name").DefaultTimeout());
        Assert.Null(await Client.HGetAsync(key, "level").DefaultTimeout());
    }

    [Fact]
    public async Task HGetAllAsync_SeveralFields_ReturnsAllOfThem()
    {
        var key = NewKey();
        await Client.HSetAsync(key, "class", "Knight").DefaultTimeout();
        await Client.HSetAsync(key, "level", "7").DefaultTimeout();

        var hash = await Client.HGetAllAsync(key).DefaultTimeout();

        Assert.Equal(new Dictionary<string, string> { ["class"] = "Knight", ["level"] = "7" }, hash);
        Assert.Empty(await Client.HGetAllAsync(NewKey()).DefaultTimeout());
    }

    [Fact]
    public async Task HDelAsync_ExistingAndMissingField_ReportsWhichExisted()
    {
        var key = NewKey();
        await Client.HSetAsync(key, "f", "v").DefaultTimeout();

        Assert.True(await Client.HDelAsync(key, "f").DefaultTimeout());
        Assert.False(await Client.HDelAsync(key, "f").DefaultTimeout());
        Assert.False(await Client.ExistsAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task HashCommands_BinaryFieldsAndValues_RoundTrip()
    {
        var key = Encoding.UTF8.GetBytes(NewKey());
        var field = new byte[] { 0, 13, 10, 1 };
        var value = new byte[] { 255, 0, 13, 10 };

        Assert.True(await Client.HSetAsync(key, field, value).DefaultTimeout());

        Assert.Equal(value, await Client.HGetAsync(key, field).DefaultTimeout());
        var entry = Assert.Single(await Client.HGetAllAsync(key).DefaultTimeout());
        Assert.Equal(field, entry.Key);
        Assert.Equal(value, entry.Value);
        Assert.True(await Client.HDelAsync(key, field).DefaultTimeout());
    }

    [Fact]
    public async Task SAddAsync_DuplicateMember_IsAddedOnce()
    {
        var key = NewKey();

        Assert.True(await Client.SAddAsync(key, "rogue").DefaultTimeout());
        Assert.False(await Client.SAddAsync(key, "rogue").DefaultTimeout());
        Assert.True(await Client.SAddAsync(key, "wizard").DefaultTimeout());

        Assert.Equal(["rogue", "wizard"], (await Client.SMembersAsync(key).DefaultTimeout()).Order());
    }

    [Fact]
    public async Task SRemAsync_MemberAndMissingMember_ReportsWhichWasRemoved()
    {
        var key = NewKey();
        await Client.SAddAsync(key, "a").DefaultTimeout();
        await Client.SAddAsync(key, "b").DefaultTimeout();

        Assert.True(await Client.SRemAsync(key, "a").DefaultTimeout());
        Assert.False(await Client.SRemAsync(key, "a").DefaultTimeout());

        Assert.Equal(["b"], await Client.SMembersAsync(key).DefaultTimeout());
        Assert.Empty(await Client.SMembersAsync(NewKey()).DefaultTimeout());
    }

    [Fact]
    public async Task SetCommands_BinaryMembers_RoundTrip()
    {
        var key = Encoding.UTF8.GetBytes(NewKey());
        var member = new byte[] { 0, 13, 10, 0 };

        Assert.True(await Client.SAddAsync(key, member).DefaultTimeout());

        Assert.Equal(member, Assert.Single(await Client.SMembersAsync(key).DefaultTimeout()));
        Assert.True(await Client.SRemAsync(key, member).DefaultTimeout());
    }
}
