using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;

namespace Mmo.DatabaseService.Tests;

/// <summary>Malformed, empty and overlong input: INVALID_ARGUMENT naming the field, and nothing written.</summary>
public sealed class BadInputTests(PostgresFixture fixture) : ApiTestBase(fixture)
{
    public static TheoryData<string> BadAccountNames => new() { "", "   ", new string('a', 65), "tab\there", "new\nline" };

    public static TheoryData<string> BadCharacterNames => new() { "", " ", new string('b', 33), "bell\u0007" };

    [Theory]
    [MemberData(nameof(BadAccountNames))]
    public async Task CreateAccount_BadName_InvalidArgumentNamingTheField(string name)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = name }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("name ", ex.Status.Detail);
    }

    [Fact]
    public async Task CreateAccount_OverlongEmailOrHash_InvalidArgument()
    {
        var email = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = UniqueName(), Email = new string('e', 255) }).ResponseAsync);
        var hash = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = UniqueName(), PasswordHash = new string('h', 513) }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (email.StatusCode, hash.StatusCode));
        Assert.StartsWith("email ", email.Status.Detail);
        Assert.StartsWith("password_hash ", hash.Status.Detail);
    }

    [Theory]
    [MemberData(nameof(BadCharacterNames))]
    public async Task CreateCharacter_BadName_InvalidArgumentAndNothingStored(string name)
    {
        var account = await NewAccountAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => NewCharacterAsync(account.Id, name));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Empty((await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id, IncludeDeleted = true })).Characters);
    }

    [Fact]
    public async Task CreateCharacter_BadState_InvalidArgumentAndNothingStored()
    {
        var account = await NewAccountAsync();
        var states = new Func<CharacterState, CharacterState>[]
        {
            s => { s.Level = 0; return s; },
            s => { s.Hp = -1; return s; },
            s => { s.X = float.NaN; return s; },
            s => { s.Y = float.PositiveInfinity; return s; },
            s => { s.Heading = 360; return s; },
            s => { s.MapId = ""; return s; },
            s => { s.MapId = new string('m', 65); return s; },
            s => { s.Experience = -5; return s; },
        };

        foreach (var change in states)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.CreateCharacterAsync(new CreateCharacterRequest
            {
                AccountId = account.Id, Name = UniqueName(), ClassId = "knight", InitialState = change(StartState()),
            }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        }
        var noState = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account.Id, Name = UniqueName(), ClassId = "knight" }).ResponseAsync);
        var noClass = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.CreateCharacterAsync(new CreateCharacterRequest { AccountId = account.Id, Name = UniqueName(), InitialState = StartState() }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, noState.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noClass.StatusCode);
        Assert.Empty((await Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = account.Id, IncludeDeleted = true })).Characters);
    }

    [Fact]
    public async Task Requests_NonPositiveIds_InvalidArgument()
    {
        var calls = new Func<Task>[]
        {
            () => Host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = 0 }).ResponseAsync,
            () => Host.Accounts.BanAccountAsync(new BanAccountRequest { AccountId = -1 }).ResponseAsync,
            () => Host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = 0 }).ResponseAsync,
            () => Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = 1, AccountId = -1 }).ResponseAsync,
            () => Host.Characters.DeleteCharacterAsync(new DeleteCharacterRequest { AccountId = 1, CharacterId = 0 }).ResponseAsync,
            () => Host.Characters.SaveCharacterStateAsync(new SaveCharacterStateRequest { CharacterId = 1, ExpectedVersion = 0, State = StartState() }).ResponseAsync,
        };

        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        }
    }

    [Fact]
    public async Task Hashes_NotThirtyTwoBytes_InvalidArgument()
    {
        var account = await NewAccountAsync();
        var shortHash = ByteString.CopyFrom(new byte[31]);
        var calls = new Func<Task>[]
        {
            () => Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = shortHash, Lifetime = Duration.FromTimeSpan(TimeSpan.FromHours(1)) }).ResponseAsync,
            () => Host.Sessions.FindValidSessionAsync(new FindValidSessionRequest { TokenHash = ByteString.Empty }).ResponseAsync,
            () => Host.Tickets.RedeemTicketAsync(new RedeemTicketRequest { TicketHash = ByteString.CopyFrom(new byte[33]) }).ResponseAsync,
        };

        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            Assert.Contains("32 bytes", ex.Status.Detail);
        }
    }

    [Fact]
    public async Task Lifetimes_MissingOrOutOfRange_InvalidArgument()
    {
        var account = await NewAccountAsync();
        var lifetimes = new Duration?[] { null, Duration.FromTimeSpan(TimeSpan.FromSeconds(10)), Duration.FromTimeSpan(TimeSpan.FromDays(400)), new Duration { Seconds = -5 } };

        foreach (var lifetime in lifetimes)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = Hashes.New(), Lifetime = lifetime }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        }
    }

    [Fact]
    public async Task SaveCharacterStates_EmptyOversizedOrDuplicateBatch_InvalidArgumentAndNothingWritten()
    {
        var character = await NewCharacterAsync((await NewAccountAsync()).Id);
        var update = new CharacterStateUpdate { CharacterId = character.Id, ExpectedVersion = 1, State = StartState() };
        var oversized = new SaveCharacterStatesRequest();
        oversized.Updates.AddRange(Enumerable.Range(1, 5001).Select(i => new CharacterStateUpdate { CharacterId = i, ExpectedVersion = 1, State = StartState() }));

        var empty = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.SaveCharacterStatesAsync(new SaveCharacterStatesRequest()).ResponseAsync);
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.SaveCharacterStatesAsync(oversized).ResponseAsync);
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.SaveCharacterStatesAsync(new SaveCharacterStatesRequest { Updates = { update, update.Clone() } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Contains("5000", tooMany.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, duplicate.StatusCode);
        Assert.Contains("updates[1].character_id", duplicate.Status.Detail);
        Assert.Equal(1, (await Host.Characters.GetCharacterAsync(new GetCharacterRequest { CharacterId = character.Id })).Version);
    }

    [Fact]
    public async Task MaxCharacters_OutOfRange_InvalidArgument()
    {
        var account = await NewAccountAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Characters.CreateCharacterAsync(new CreateCharacterRequest
        {
            AccountId = account.Id, Name = UniqueName(), ClassId = "knight", InitialState = StartState(), MaxCharacters = -1,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }
}
