using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;

namespace Mmo.DatabaseService.Tests;

public sealed class SessionsTests(PostgresFixture fixture) : ApiTestBase(fixture)
{
    private static readonly Duration OneHour = Duration.FromTimeSpan(TimeSpan.FromHours(1));

    [Fact]
    public async Task CreateSession_ThenFindValid_ReturnsSessionAndAccount()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();

        var created = await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour });
        var found = await Host.Sessions.FindValidSessionAsync(new FindValidSessionRequest { TokenHash = hash });

        Assert.Equal(account.Id, created.AccountId);
        Assert.Equal(hash, created.TokenHash);
        Assert.Equal(TimeSpan.FromHours(1), created.ExpiresAt.ToDateTimeOffset() - created.CreatedAt.ToDateTimeOffset());
        Assert.Equal(created.Id, found.Session.Id);
        Assert.Equal(account.Name, found.Account.Name);
        Assert.Null(found.Session.RevokedAt);
    }

    [Fact]
    public async Task CreateSession_UnknownAccount_NotFoundAndNothingStored()
    {
        var hash = Hashes.New();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = long.MaxValue, TokenHash = hash, Lifetime = OneHour }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("The account does not exist.", ex.Status.Detail);
        await AssertNotFoundAsync(hash);
    }

    [Fact]
    public async Task CreateSession_SameTokenHashTwice_AlreadyExists()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour });

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
    }

    [Fact]
    public async Task FindValidSession_Expired_NotFound()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour });

        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await AssertNotFoundAsync(hash);
    }

    [Fact]
    public async Task FindValidSession_Sliding_MovesExpiryForwardSoItOutlivesItsLifetime()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        var created = await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour });
        var sliding = new FindValidSessionRequest { TokenHash = hash, SlidingLifetime = OneHour };

        Host.Clock.Advance(TimeSpan.FromMinutes(40));
        var refreshed = await Host.Sessions.FindValidSessionAsync(sliding);
        Host.Clock.Advance(TimeSpan.FromMinutes(40)); // 80 minutes after creation: alive only thanks to the refresh
        var stillValid = await Host.Sessions.FindValidSessionAsync(new FindValidSessionRequest { TokenHash = hash });

        Assert.InRange(refreshed.Session.ExpiresAt.ToDateTimeOffset() - created.ExpiresAt.ToDateTimeOffset(), TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(1));
        Assert.Equal(refreshed.Session.ExpiresAt, stillValid.Session.ExpiresAt);
        Assert.True(stillValid.Session.LastSeenAt.ToDateTimeOffset() > created.LastSeenAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task FindValidSession_SlidingWithinAMinute_DoesNotWrite()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        var created = await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour });

        var found = await Host.Sessions.FindValidSessionAsync(new FindValidSessionRequest { TokenHash = hash, SlidingLifetime = OneHour });

        Assert.Equal(created.ExpiresAt, found.Session.ExpiresAt);
        Assert.Equal(created.LastSeenAt, found.Session.LastSeenAt);
    }

    [Fact]
    public async Task RevokeSession_Twice_FirstWasActiveThenIdempotent()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour });

        var first = await Host.Sessions.RevokeSessionAsync(new RevokeSessionRequest { TokenHash = hash });
        var second = await Host.Sessions.RevokeSessionAsync(new RevokeSessionRequest { TokenHash = hash });

        Assert.True(first.WasActive);
        Assert.NotNull(first.Session.RevokedAt);
        Assert.False(second.WasActive);
        Assert.Equal(first.Session.RevokedAt, second.Session.RevokedAt);
        await AssertNotFoundAsync(hash);
    }

    [Fact]
    public async Task RevokeSession_Unknown_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Sessions.RevokeSessionAsync(new RevokeSessionRequest { TokenHash = Hashes.New() }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task RevokeAllSessions_OneAccount_RevokesOnlyItsActiveSessions()
    {
        var account = await NewAccountAsync();
        var other = await NewAccountAsync();
        var mine = new[] { Hashes.New(), Hashes.New(), Hashes.New() };
        var theirs = Hashes.New();
        foreach (var hash in mine)
        {
            await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = account.Id, TokenHash = hash, Lifetime = OneHour });
        }
        await Host.Sessions.CreateSessionAsync(new CreateSessionRequest { AccountId = other.Id, TokenHash = theirs, Lifetime = OneHour });
        await Host.Sessions.RevokeSessionAsync(new RevokeSessionRequest { TokenHash = mine[0] });

        var result = await Host.Sessions.RevokeAllSessionsAsync(new RevokeAllSessionsRequest { AccountId = account.Id });

        Assert.Equal(2, result.RevokedCount);
        Assert.Equal(mine[1..].OrderBy(h => h.ToBase64()), result.RevokedTokenHashes.OrderBy(h => h.ToBase64()));
        foreach (var hash in mine)
        {
            await AssertNotFoundAsync(hash);
        }
        Assert.Equal(other.Id, (await Host.Sessions.FindValidSessionAsync(new FindValidSessionRequest { TokenHash = theirs })).Account.Id);
    }

    [Fact]
    public async Task RevokeAllSessions_UnknownAccount_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Sessions.RevokeAllSessionsAsync(new RevokeAllSessionsRequest { AccountId = long.MaxValue }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    private async Task AssertNotFoundAsync(Google.Protobuf.ByteString hash)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Sessions.FindValidSessionAsync(new FindValidSessionRequest { TokenHash = hash }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }
}
