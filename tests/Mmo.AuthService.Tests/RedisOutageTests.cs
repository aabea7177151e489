using Grpc.Core;
using Mmo.Auth.V1;
using Mmo.AuthService.Tests.Infrastructure;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.AuthService.Tests;

/// <summary>Redis stopped mid-test: the AuthService keeps answering from the database (its own redis-server, so other tests keep theirs).</summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisOutageTests(ClusterFixture cluster)
{
    [Fact]
    public async Task RedisStopped_ValidationLoginAndTickets_StillWork()
    {
        await using var redis = await RedisServer.StartAsync().DefaultTimeout();
        await using var auth = await cluster.StartAuthAsync(redis.EndPoint).DefaultTimeout();
        var name = Api.UniqueName();
        var token = await Api.RegisterAndLoginAsync(auth, name);
        var cached = await auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync.DefaultTimeout();

        await redis.KillAsync().DefaultTimeout();
        var fromDatabase = await auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync.DefaultTimeout();
        var secondToken = await Api.LoginAsync(auth, name, "correct horse");
        var ticket = await Api.TicketAsync(auth, secondToken);
        var redeemed = await auth.Grpc.RedeemTicketAsync(new RedeemTicketRequest { Ticket = ticket }).ResponseAsync.DefaultTimeout();
        using var logout = await Api.LogoutAsync(auth, secondToken);
        var afterLogout = await Assert.ThrowsAsync<RpcException>(() => auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = secondToken }).ResponseAsync).DefaultTimeout();

        Assert.Equal(cached.AccountId, fromDatabase.AccountId);
        Assert.Equal(cached.AccountId, redeemed.AccountId);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, afterLogout.StatusCode);
    }
}
