using Grpc.Core;
using Mmo.CharacterApi.V1;
using Mmo.CharacterService.Tests.Infrastructure;
using static Mmo.CharacterService.Tests.CharacterFlowTests;

namespace Mmo.CharacterService.Tests;

/// <summary>Name rules, class checks and name uniqueness, against the real database.</summary>
public sealed class NameRuleTests(CharacterFixture fixture) : IClassFixture<CharacterFixture>, IDisposable
{
    private Characters.CharactersClient Client => fixture.Client;

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Abcdefghijklmnopq")] // 17
    [InlineData("Bad Name")]
    [InlineData("Evil!")]
    [InlineData("Ünïcode")]
    [InlineData("tab\tname")]
    [InlineData("under_score")]
    public async Task CreateCharacter_MalformedOrBadLengthName_InvalidArgument_NothingWritten(string name)
    {
        var account = await fixture.NewAccountAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = name, ClassId = "knight" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("name", error.Status.Detail, StringComparison.Ordinal);
        await AssertNoCharactersAsync(account);
    }

    [Fact]
    public async Task CreateCharacter_HugeName_InvalidArgument()
    {
        var account = await fixture.NewAccountAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = new string('a', 100_000), ClassId = "knight" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        await AssertNoCharactersAsync(account);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Admin")]
    [InlineData("SYSTEM")]
    [InlineData("Moderator")]
    [InlineData("GameMaster")]
    public async Task CreateCharacter_ReservedName_InvalidArgument(string name)
    {
        var account = await fixture.NewAccountAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = name, ClassId = "knight" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("reserved", error.Status.Detail, StringComparison.Ordinal);
        await AssertNoCharactersAsync(account);
    }

    [Theory]
    [InlineData("paladin")]
    [InlineData("")]
    [InlineData("knight ")]
    public async Task CreateCharacter_UnknownClass_InvalidArgument_NothingWritten(string classId)
    {
        var account = await fixture.NewAccountAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = UniqueName("Cls"), ClassId = classId }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("class_id", error.Status.Detail, StringComparison.Ordinal);
        await AssertNoCharactersAsync(account);
    }

    [Fact]
    public async Task CreateCharacter_SameNameOtherCase_AlreadyExists_EvenOnAnotherAccountOrAfterDelete()
    {
        var first = await fixture.NewAccountAsync();
        var second = await fixture.NewAccountAsync();
        var name = UniqueName("Dup");
        var created = await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = first, Name = name, ClassId = "knight" });

        var upper = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = second, Name = name.ToUpperInvariant(), ClassId = "rogue" }).ResponseAsync);
        await Client.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = first, CharacterId = created.Id });
        var lower = await Assert.ThrowsAsync<RpcException>(() => Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = first, Name = name.ToLowerInvariant(), ClassId = "rogue" }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, upper.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, lower.StatusCode);
        await AssertNoCharactersAsync(second);
    }

    [Fact]
    public async Task CreateCharacter_ConcurrentSameName_ExactlyOneSucceeds()
    {
        var accounts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.NewAccountAsync()));
        var name = UniqueName("Race");

        var outcomes = await Task.WhenAll(accounts.Select(async (account, i) =>
        {
            var spelling = i % 2 == 0 ? name.ToUpperInvariant() : name.ToLowerInvariant();
            try
            {
                await Client.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account, Name = spelling, ClassId = "knight" });
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(s => s == StatusCode.OK));
        Assert.Equal(accounts.Length - 1, outcomes.Count(s => s == StatusCode.AlreadyExists));
    }

    /// <summary>Refusals are Debug logs: any Error line fails the test that caused it.</summary>
    public void Dispose() => Assert.Empty(fixture.Host.Logs.Errors);

    private async Task AssertNoCharactersAsync(long account) =>
        Assert.Empty((await fixture.Data.ListCharactersAsync(new Mmo.Database.V1.ListCharactersRequest { AccountId = account, IncludeDeleted = true })).Characters);
}
