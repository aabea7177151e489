using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;

namespace Mmo.DatabaseService.Tests;

public sealed class CharactersTests(PostgresFixture fixture) : ApiTestBase(fixture)
{
    private static readonly Duration OneDay = Duration.FromTimeSpan(TimeSpan.FromDays(1));

    [Fact]
    public async Task CreateCharacter_New_StoresItWithInitialStateAtVersion1()
    {
        var account = await NewAccountAsync();
        var name = UniqueName("Hero");

        var created = await Host.Characters.CreateCharacterAsync(new CreateCharacterRequest
        {
            AccountId = account.Id, Name = name, ClassId = "wizard", InitialState = StartState(level: 3), MaxCharacters = 5,
        });
        var read = await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = created.Id });

        Assert.Equal(name, read.Name);
        Assert.Equal("wizard", read.ClassId);
        Assert.Equal(account.Id, read.AccountId);
        Assert.Equal(1, read.Version);
        Assert.Equal(StartState(level: 3), read.State);
        Assert.Null(read.DeletedAt);
    }

    [Fact]
    public async Task CreateCharacter_NameTakenInOtherCase_AlreadyExists()
    {
        var first = await NewAccountAsync();
        var second = await NewAccountAsync();
        var name = UniqueName("Dup");
        await NewCharacterAsync(first.Id, name);

        var ex = await Assert.ThrowsAsync<RpcException>(() => NewCharacterAsync(second.Id, name.ToUpperInvariant()));

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Equal("A character with this name already exists.", ex.Status.Detail);
        Assert.Empty((await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = second.Id, IncludeDeleted = true })).Characters);
    }

    [Fact]
    public async Task CreateCharacter_TwoConcurrentCreatesOfOneName_ExactlyOneSucceeds()
    {
        var accounts = new[] { await NewAccountAsync(), await NewAccountAsync() };
        var name = UniqueName("Race");

        for (var round = 0; round < 5; round++)
        {
            var roundName = name + round;
            var outcomes = await Task.WhenAll(accounts.Select(a => OutcomeAsync(() => NewCharacterAsync(a.Id, roundName)))).DefaultTimeout();

            Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
            Assert.Equal(1, outcomes.Count(o => o == StatusCode.AlreadyExists));
        }
    }

    [Fact]
    public async Task CreateCharacter_ConcurrentCreatesOverTheLimit_NeverExceedIt()
    {
        var account = await NewAccountAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OutcomeAsync(() =>
            Host.Characters.CreateCharacterAsync(new CreateCharacterRequest
            {
                AccountId = account.Id, Name = UniqueName("lim"), ClassId = "rogue", InitialState = StartState(), MaxCharacters = 3,
            }).ResponseAsync))).DefaultTimeout();

        Assert.Equal(3, outcomes.Count(o => o == StatusCode.OK));
        Assert.Equal(5, outcomes.Count(o => o == StatusCode.FailedPrecondition));
        Assert.Equal(3, (await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id })).Characters.Count);
    }

    [Fact]
    public async Task CreateCharacter_UnknownAccount_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => NewCharacterAsync(long.MaxValue));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task ListCharacters_WithAndWithoutDeleted_OldestFirst()
    {
        var account = await NewAccountAsync();
        var a = await NewCharacterAsync(account.Id);
        var b = await NewCharacterAsync(account.Id);
        var c = await NewCharacterAsync(account.Id);
        await Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account.Id, CharacterId = b.Id });

        var live = await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id });
        var all = await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id, IncludeDeleted = true });

        Assert.Equal([a.Id, c.Id], live.Characters.Select(x => x.Id));
        Assert.Equal([a.Id, b.Id, c.Id], all.Characters.Select(x => x.Id));
        Assert.NotNull(all.Characters[1].DeletedAt);
    }

    [Fact]
    public async Task DeleteCharacter_Twice_SecondFailsPreconditionAndNameStaysTaken()
    {
        var account = await NewAccountAsync();
        var character = await NewCharacterAsync(account.Id);

        var deleted = await Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account.Id, CharacterId = character.Id });
        var again = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account.Id, CharacterId = character.Id }).ResponseAsync);
        var reuse = await Assert.ThrowsAsync<RpcException>(() => NewCharacterAsync(account.Id, character.Name));
        var get = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = character.Id }).ResponseAsync);

        Assert.NotNull(deleted.DeletedAt);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, reuse.StatusCode);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.NotNull((await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = character.Id, IncludeDeleted = true })).DeletedAt);
    }

    [Fact]
    public async Task DeleteCharacter_AnotherAccountsCharacter_NotFoundAndNothingWritten()
    {
        var owner = await NewAccountAsync();
        var intruder = await NewAccountAsync();
        var character = await NewCharacterAsync(owner.Id);

        var delete = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = intruder.Id, CharacterId = character.Id }).ResponseAsync);
        var get = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = character.Id, AccountId = intruder.Id }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, delete.StatusCode);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Null((await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = character.Id, AccountId = owner.Id })).DeletedAt);
    }

    [Fact]
    public async Task RestoreCharacter_WithinWindow_IsLiveAgain()
    {
        var account = await NewAccountAsync();
        var character = await NewCharacterAsync(account.Id);
        await Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account.Id, CharacterId = character.Id });
        Host.Clock.Advance(TimeSpan.FromHours(23));

        var restored = await Host.Characters.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account.Id, CharacterId = character.Id, RestoreWindow = OneDay });

        Assert.Null(restored.DeletedAt);
        Assert.Equal(character.Id, (await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id })).Characters.Single().Id);
    }

    [Fact]
    public async Task RestoreCharacter_AfterWindow_FailedPrecondition()
    {
        var account = await NewAccountAsync();
        var character = await NewCharacterAsync(account.Id);
        await Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account.Id, CharacterId = character.Id });
        Host.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account.Id, CharacterId = character.Id, RestoreWindow = OneDay }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("too long ago", ex.Status.Detail);
    }

    [Fact]
    public async Task RestoreCharacter_NotDeletedOrAtLimitOrNotOwned_Refused()
    {
        var account = await NewAccountAsync();
        var other = await NewAccountAsync();
        var live = await NewCharacterAsync(account.Id);
        var deleted = await NewCharacterAsync(account.Id);
        await Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = account.Id, CharacterId = deleted.Id });

        var notDeleted = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account.Id, CharacterId = live.Id, RestoreWindow = OneDay }).ResponseAsync);
        var atLimit = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = account.Id, CharacterId = deleted.Id, RestoreWindow = OneDay, MaxCharacters = 1 }).ResponseAsync);
        var notOwned = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.RestoreCharacterAsync(new RestoreCharacterRequest { AccountId = other.Id, CharacterId = deleted.Id, RestoreWindow = OneDay }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, notDeleted.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, atLimit.StatusCode);
        Assert.Equal(StatusCode.NotFound, notOwned.StatusCode);
        Assert.NotNull((await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = deleted.Id, IncludeDeleted = true })).DeletedAt);
    }

    private static async Task<StatusCode> OutcomeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
