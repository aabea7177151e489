using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Mmo.CharacterService.Features.Characters;
using Mmo.CharacterApi.V1;
using Mmo.CharacterService.Tests.Infrastructure;

namespace Mmo.CharacterService.Tests;

/// <summary>List, create, select, delete and restore through the CharacterService's gRPC API, on the real DatabaseService.</summary>
public sealed class CharacterFlowTests(CharacterFixture fixture) : IClassFixture<CharacterFixture>, IDisposable
{
    private Characters.CharactersClient Client => fixture.Client;

    [Fact]
    public async Task Create_List_Select_Delete_Restore_FullFlowWorks()
    {
        var account = await fixture.NewAccountAsync();
        var name = UniqueName("Flow");

        var created = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = name, ClassId = "knight" });
        Assert.True(created.Id > 0);
        Assert.Equal(name, created.Name);
        Assert.Equal(1, created.Level);
        Assert.Equal("start_town", created.MapId);

        var listed = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
        Assert.Equal(5, listed.MaxCharacters);
        Assert.Equal(created.Id, Assert.Single(listed.Characters).Id);

        var selected = await Client.SelectCharacterAsync(new SelectCharacterRequest { AccountId = account, CharacterId = created.Id });
        Assert.Equal(name, selected.Name);

        var deleted = await Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account, CharacterId = created.Id });
        Assert.NotNull(deleted.DeletedAt);
        Assert.Equal(deleted.DeletedAt.ToDateTime() + TimeSpan.FromDays(7), deleted.RestorableUntil.ToDateTime());
        Assert.Empty((await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account })).Characters);
        var withDeleted = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account, IncludeDeleted = true });
        Assert.NotNull(Assert.Single(withDeleted.Characters).DeletedAt);
        var selectDeleted = await Assert.ThrowsAsync<RpcException>(() => Client.SelectCharacterAsync(new SelectCharacterRequest { AccountId = account, CharacterId = created.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, selectDeleted.StatusCode);

        var restored = await Client.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account, CharacterId = created.Id });
        Assert.Null(restored.DeletedAt);
        Assert.Equal(created.Id, Assert.Single((await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account })).Characters).Id);
        Assert.Equal(name, (await Client.SelectCharacterAsync(new SelectCharacterRequest { AccountId = account, CharacterId = created.Id })).Name);
    }

    [Theory]
    [InlineData("knight", 150, 30, 14, 8, 4, "start_town", 100f, 100f, 0f)]
    [InlineData("Rogue", 110, 50, 9, 14, 6, "start_town", 104f, 100f, 90f)]
    [InlineData("WIZARD", 80, 150, 4, 8, 15, "mage_tower", 20f, 35f, 180f)]
    public async Task SelectCharacter_NewCharacter_HasClassTemplateStatsAndSpawn(string classId, int hp, int mp, int str, int dex, int intel, string map, float x, float y, float heading)
    {
        var account = await fixture.NewAccountAsync();
        var created = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Cls"), ClassId = classId });

        var selected = await Client.SelectCharacterAsync(new SelectCharacterRequest { AccountId = account, CharacterId = created.Id });

        Assert.Equal(classId.ToLowerInvariant(), selected.ClassId);
        Assert.Equal(account, selected.AccountId);
        Assert.Equal((hp, mp, hp, mp), (selected.Hp, selected.Mp, selected.MaxHp, selected.MaxMp));
        Assert.Equal((str, dex, intel), (selected.Stats.Strength, selected.Stats.Dexterity, selected.Stats.Intelligence));
        Assert.Equal((map, 0L, x, y, 0f, heading), (selected.MapId, selected.InstanceId, selected.Position.X, selected.Position.Y, selected.Position.Z, selected.Heading));
        Assert.Equal((1, 0L, 1L), (selected.Level, selected.Experience, selected.StateVersion));
    }

    [Fact]
    public async Task DeleteCharacter_Twice_FailedPrecondition_AndRestoreOfLiveCharacter_FailedPrecondition()
    {
        var account = await fixture.NewAccountAsync();
        var created = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Twice"), ClassId = "rogue" });

        var restoreLive = await Assert.ThrowsAsync<RpcException>(() => Client.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account, CharacterId = created.Id }).ResponseAsync);
        await Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account, CharacterId = created.Id });
        var deleteAgain = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account, CharacterId = created.Id }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, restoreLive.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, deleteAgain.StatusCode);
    }

    [Fact]
    public async Task CreateCharacter_SixthCharacter_FailedPrecondition_AndRestoreAtLimitRefused()
    {
        var account = await fixture.NewAccountAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Lim"), ClassId = "wizard" })).Id);
        }

        var sixth = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Lim"), ClassId = "wizard" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, sixth.StatusCode);
        Assert.Equal(5, (await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account })).Characters.Count);

        // A deletion frees a slot; restoring the deleted one once the slot is taken again would exceed the limit.
        await Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account, CharacterId = ids[0] });
        await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Lim"), ClassId = "wizard" });
        var restore = await Assert.ThrowsAsync<RpcException>(() => Client.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account, CharacterId = ids[0] }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, restore.StatusCode);
    }

    [Fact]
    public async Task AnotherAccountsCharacter_SelectDeleteRestore_NotFound_NothingWritten()
    {
        var owner = await fixture.NewAccountAsync();
        var other = await fixture.NewAccountAsync();
        var live = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = owner, Name = UniqueName("Own"), ClassId = "knight" });
        var deleted = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = owner, Name = UniqueName("Own"), ClassId = "knight" });
        await Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = owner, CharacterId = deleted.Id });

        var select = await Assert.ThrowsAsync<RpcException>(() => Client.SelectCharacterAsync(new SelectCharacterRequest { AccountId = other, CharacterId = live.Id }).ResponseAsync);
        var delete = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = other, CharacterId = live.Id }).ResponseAsync);
        var restore = await Assert.ThrowsAsync<RpcException>(() => Client.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = other, CharacterId = deleted.Id }).ResponseAsync);

        Assert.All([select, delete, restore], e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
        var stored = await fixture.Data.ListCharactersAsync(new Mmo.Database.V1.ListCharactersRequest { AccountId = owner, IncludeDeleted = true });
        Assert.Null(stored.Characters.Single(c => c.Id == live.Id).DeletedAt);
        Assert.NotNull(stored.Characters.Single(c => c.Id == deleted.Id).DeletedAt);
        Assert.Empty((await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = other, IncludeDeleted = true })).Characters);
    }

    [Fact]
    public async Task ListCharacters_AfterCreateWithWarmCache_ShowsNewCharacter()
    {
        var account = await fixture.NewAccountAsync();
        var first = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Warm"), ClassId = "knight" });
        await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
        await using (var redis = new Mmo.Redis.RedisClient(fixture.Redis.EndPoint))
        {
            Assert.True(await redis.ExistsAsync($"mmo:character:list:{account}"), "the first list should have filled the cache");
        }

        var second = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Warm"), ClassId = "rogue" });
        var afterCreate = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
        await Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account, CharacterId = first.Id });
        var afterDelete = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });
        await Client.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account, CharacterId = first.Id });
        var afterRestore = await Client.ListCharactersAsync(new ListCharactersRequest { AccountId = account });

        Assert.Equal([first.Id, second.Id], afterCreate.Characters.Select(c => c.Id));
        Assert.Equal([second.Id], afterDelete.Characters.Select(c => c.Id));
        Assert.Equal([first.Id, second.Id], afterRestore.Characters.Select(c => c.Id));
    }

    [Fact]
    public async Task ListCache_FillReadBeforeAChange_IsNotStored()
    {
        var cache = fixture.Host.Services.GetRequiredService<CharacterListCache>();
        var account = await fixture.NewAccountAsync();
        var list = new Mmo.Database.V1.ListCharactersResponse();
        await using var redis = new Mmo.Redis.RedisClient(fixture.Redis.EndPoint);

        var (_, seenBeforeChange) = await cache.GetAsync(account, CancellationToken.None);
        await cache.InvalidateAsync(account, CancellationToken.None); // a create lands while the reader is at the database
        await cache.SetAsync(account, list, seenBeforeChange, CancellationToken.None);
        var storedStale = await redis.ExistsAsync(CharacterListCache.Key(account));
        var (_, current) = await cache.GetAsync(account, CancellationToken.None);
        await cache.SetAsync(account, list, current, CancellationToken.None);
        var storedFresh = await redis.ExistsAsync(CharacterListCache.Key(account));

        Assert.False(storedStale);
        Assert.True(storedFresh);
    }

    [Fact]
    public async Task CreateCharacter_UnknownAccount_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = long.MaxValue, Name = UniqueName("Nobody"), ClassId = "knight" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Calls_NonPositiveIds_InvalidArgument()
    {
        var account = await fixture.NewAccountAsync();

        var calls = new Func<Task>[]
        {
            () => Client.ListCharactersAsync(new ListCharactersRequest { AccountId = 0 }).ResponseAsync,
            () => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = -1, Name = "Valid123", ClassId = "knight" }).ResponseAsync,
            () => Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account, CharacterId = 0 }).ResponseAsync,
            () => Client.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = 0, CharacterId = 1 }).ResponseAsync,
            () => Client.SelectCharacterAsync(new SelectCharacterRequest { AccountId = account, CharacterId = -5 }).ResponseAsync,
        };

        foreach (var call in calls)
        {
            Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        }
    }

    /// <summary>Refusals and mapped statuses are Debug/Warning: any Error line fails the test that caused it.</summary>
    public void Dispose() => Assert.Empty(fixture.Host.Logs.Errors);

    internal static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..(16 - prefix.Length)];
}
