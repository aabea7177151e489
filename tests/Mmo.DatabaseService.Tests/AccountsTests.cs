using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;

namespace Mmo.DatabaseService.Tests;

public sealed class AccountsTests(PostgresFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task CreateAccount_NewName_ReturnsStoredAccount()
    {
        var name = UniqueName("Acc");

        var account = await Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = name, Email = "a@example.com", PasswordHash = "pbkdf2$x" });
        var read = await Host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = account.Id });

        Assert.True(account.Id > 0);
        Assert.Equal(name, read.Name);
        Assert.Equal("a@example.com", read.Email);
        Assert.Equal("pbkdf2$x", read.PasswordHash);
        Assert.False(read.IsGuest);
        Assert.False(read.Banned);
        Assert.Null(read.LastLoginAt);
        Assert.NotNull(read.CreatedAt);
    }

    [Fact]
    public async Task CreateAccount_NameTakenInOtherCase_AlreadyExists()
    {
        var name = UniqueName("Case");
        await Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = name });

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = name.ToUpperInvariant() }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Contains("name already exists", ex.Status.Detail);
    }

    [Fact]
    public async Task CreateAccount_Guest_IsGuestWithoutPassword()
    {
        var account = await Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = UniqueName("guest"), IsGuest = true });

        Assert.True(account.IsGuest);
        Assert.Equal("", account.PasswordHash);
        Assert.Equal("", account.Email);
    }

    [Fact]
    public async Task GetAccountByName_AnyLetterCase_FindsIt()
    {
        var account = await NewAccountAsync(UniqueName("MiXeD"));

        var read = await Host.Accounts.GetAccountByNameAsync(new GetAccountByNameRequest { Name = account.Name.ToLowerInvariant() });

        Assert.Equal(account.Id, read.Id);
        Assert.Equal(account.Name, read.Name);
    }

    [Fact]
    public async Task GetAccount_Unknown_NotFound()
    {
        var byId = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = long.MaxValue }).ResponseAsync);
        var byName = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.GetAccountByNameAsync(new GetAccountByNameRequest { Name = UniqueName("nobody") }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, byId.StatusCode);
        Assert.Equal(StatusCode.NotFound, byName.StatusCode);
    }

    [Fact]
    public async Task RecordLogin_WithNewHash_StampsLoginAndRehashes()
    {
        var account = await NewAccountAsync();

        var kept = await Host.Accounts.RecordLoginAsync(new RecordLoginRequest { AccountId = account.Id });
        var rehashed = await Host.Accounts.RecordLoginAsync(new RecordLoginRequest { AccountId = account.Id, NewPasswordHash = "new-hash" });

        Assert.NotNull(kept.LastLoginAt);
        Assert.Equal("hash", kept.PasswordHash);
        Assert.Equal("new-hash", rehashed.PasswordHash);
        Assert.Equal("new-hash", (await Host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = account.Id })).PasswordHash);
    }

    [Fact]
    public async Task RecordLogin_UnknownAccount_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.RecordLoginAsync(new RecordLoginRequest { AccountId = long.MaxValue }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task BanAccount_WithSessions_BansAndRevokesThemAll()
    {
        var account = await NewAccountAsync();
        var hashes = new[] { Hashes.New(), Hashes.New() };
        foreach (var hash in hashes)
        {
            await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = Duration.FromTimeSpan(TimeSpan.FromHours(1)) });
        }

        var banned = await Host.Accounts.BanAccountAsync(new BanAccountRequest { AccountId = account.Id, Reason = "botting" });
        var lookup = await Assert.ThrowsAsync<RpcException>(() => Host.Sessions.FindValidSessionAsync(new FindValidSessionRequest { TokenHash = hashes[0] }).ResponseAsync);

        Assert.True(banned.Account.Banned);
        Assert.Equal("botting", banned.Account.BanReason);
        Assert.Null(banned.Account.BannedUntil);
        Assert.Equal(hashes.OrderBy(h => h.ToBase64()), banned.RevokedTokenHashes.OrderBy(h => h.ToBase64()));
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task BanAccount_Until_EndsWhenTheTimeComes()
    {
        var account = await NewAccountAsync();
        var until = DateTimeOffset.FromUnixTimeSeconds(Host.Clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds());

        var banned = await Host.Accounts.BanAccountAsync(new BanAccountRequest { AccountId = account.Id, Until = Timestamp.FromDateTimeOffset(until) });
        Host.Clock.Advance(TimeSpan.FromHours(2));
        var later = await Host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = account.Id });

        Assert.True(banned.Account.Banned);
        Assert.Equal(until, banned.Account.BannedUntil.ToDateTimeOffset());
        Assert.False(later.Banned);
    }

    [Fact]
    public async Task BanAccount_UntilInThePast_InvalidArgument()
    {
        var account = await NewAccountAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.BanAccountAsync(new BanAccountRequest
        {
            AccountId = account.Id, Until = Timestamp.FromDateTimeOffset(Host.Clock.GetUtcNow().AddMinutes(-1)),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.False((await Host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = account.Id })).Banned);
    }

    [Fact]
    public async Task UnbanAccount_Banned_LiftsTheBan()
    {
        var account = await NewAccountAsync();
        await Host.Accounts.BanAccountAsync(new BanAccountRequest { AccountId = account.Id, Reason = "x" });

        var unbanned = await Host.Accounts.UnbanAccountAsync(new UnbanAccountRequest { AccountId = account.Id });

        Assert.False(unbanned.Banned);
        Assert.Null(unbanned.BannedAt);
        Assert.Equal("", unbanned.BanReason);
    }

    [Fact]
    public async Task GetOrCreateExternalAccount_FirstAndSecondUse_CreatesOnceThenReturnsIt()
    {
        var externalId = Guid.NewGuid().ToString();
        var request = new GetOrCreateExternalAccountRequest { ExternalUserId = externalId, Name = UniqueName("ext"), Email = "e@example.com" };

        var first = await Host.Accounts.GetOrCreateExternalAccountAsync(request);
        var second = await Host.Accounts.GetOrCreateExternalAccountAsync(new GetOrCreateExternalAccountRequest { ExternalUserId = externalId, Name = UniqueName("other") });

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Account.Id, second.Account.Id);
        Assert.Equal(externalId, second.Account.ExternalUserId);
        Assert.Equal("", second.Account.PasswordHash);
    }

    [Fact]
    public async Task GetOrCreateExternalAccount_ConcurrentFirstUses_AllGetOneAccount()
    {
        var externalId = Guid.NewGuid().ToString();
        var name = UniqueName("race");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Host.Accounts.GetOrCreateExternalAccountAsync(new GetOrCreateExternalAccountRequest { ExternalUserId = externalId, Name = name }).ResponseAsync));

        Assert.Single(results.Select(r => r.Account.Id).Distinct());
        Assert.Single(results, r => r.Created);
    }

    [Fact]
    public async Task GetOrCreateExternalAccount_NameOfAnotherAccount_AlreadyExists()
    {
        var taken = await NewAccountAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Accounts.GetOrCreateExternalAccountAsync(new GetOrCreateExternalAccountRequest
        {
            ExternalUserId = Guid.NewGuid().ToString(), Name = taken.Name,
        }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
    }
}
