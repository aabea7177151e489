using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mmo.Auth.V1;
using Mmo.AuthService.Tests.Infrastructure;

namespace Mmo.AuthService.Tests;

[Collection(ClusterCollection.Name)]
public sealed class FlowTests(ClusterFixture cluster)
{
    private AuthHost Auth => cluster.Auth;

    [Fact]
    public async Task RegisterLoginTicket_RedeemOverGrpc_WorksExactlyOnce()
    {
        var name = Api.UniqueName();
        var token = await Api.RegisterAndLoginAsync(Auth, name);
        var ticket = await Api.TicketAsync(Auth, token);

        var redeemed = await Auth.Grpc.RedeemTicketAsync(new RedeemTicketRequest { Ticket = ticket }).ResponseAsync.DefaultTimeout();
        var again = await Assert.ThrowsAsync<RpcException>(() => Auth.Grpc.RedeemTicketAsync(new RedeemTicketRequest { Ticket = ticket }).ResponseAsync).DefaultTimeout();

        Assert.Equal(name, redeemed.AccountName);
        Assert.Equal(StatusCode.Unauthenticated, again.StatusCode);
        var account = await Auth.Grpc.GetAccountAsync(new GetAccountRequest { AccountId = redeemed.AccountId }).ResponseAsync.DefaultTimeout();
        Assert.Equal(name, account.AccountName);
    }

    [Fact]
    public async Task RedeemTicket_100Concurrent_ExactlyOneSucceeds()
    {
        var token = await Api.RegisterAndLoginAsync(Auth, Api.UniqueName());
        var ticket = await Api.TicketAsync(Auth, token);

        var attempts = Enumerable.Range(0, 100).Select(async _ =>
        {
            try
            {
                await Auth.Grpc.RedeemTicketAsync(new RedeemTicketRequest { Ticket = ticket }).ResponseAsync;
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                return false;
            }
        });
        var results = await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Logout_AfterCachedValidation_TokenNoLongerValid()
    {
        var token = await Api.RegisterAndLoginAsync(Auth, Api.UniqueName());
        await Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync.DefaultTimeout(); // fills the cache
        await Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync.DefaultTimeout(); // served from it

        using var logout = await Api.LogoutAsync(Auth, token);
        var after = await Assert.ThrowsAsync<RpcException>(() => Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync).DefaultTimeout();
        using var ticket = await Auth.PostJsonAsync("/api/v1/tickets", new { }, token).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ticket.StatusCode);
    }

    [Fact]
    public async Task BanAccount_AfterCachedValidation_TokenNoLongerValid()
    {
        var name = Api.UniqueName();
        var token = await Api.RegisterAndLoginAsync(Auth, name);
        var valid = await Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync.DefaultTimeout();

        var ban = await Auth.Grpc.BanAccountAsync(new BanAccountRequest { AccountId = valid.AccountId, Reason = "test" }).ResponseAsync.DefaultTimeout();
        var after = await Assert.ThrowsAsync<RpcException>(() => Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync).DefaultTimeout();
        using var login = await Auth.PostJsonAsync("/api/v1/sessions", new { username = name, password = "correct horse" }).DefaultTimeout();

        Assert.Equal(1, ban.RevokedSessions);
        Assert.Equal(StatusCode.Unauthenticated, after.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
    }

    [Fact]
    public async Task Guest_CreatesTemporaryAccountWithSession()
    {
        using var response = await Auth.Http.PostAsync("/api/v1/guest", null).DefaultTimeout();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
        var valid = await Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = body.GetProperty("token").GetString()! }).ResponseAsync.DefaultTimeout();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("guest_", body.GetProperty("username").GetString());
        Assert.True(valid.IsGuest);
    }

    [Fact]
    public async Task RealmsAndVersion_ComeFromConfiguration()
    {
        var realms = await Auth.Http.GetFromJsonAsync<JsonElement>("/api/v1/realms").DefaultTimeout();
        var version = await Auth.Http.GetFromJsonAsync<JsonElement>("/api/v1/version").DefaultTimeout();

        Assert.Equal("Aurora", realms[0].GetProperty("name").GetString());
        Assert.Equal("online", realms[0].GetProperty("status").GetString());
        Assert.Equal("0.1.0", version.GetProperty("requiredClientVersion").GetString());
    }

    [Fact]
    public async Task Register_TakenNameInOtherCase_Conflict()
    {
        var name = Api.UniqueName();
        await Api.RegisterAndLoginAsync(Auth, name);

        using var again = await Auth.PostJsonAsync("/api/v1/accounts", new { username = name.ToUpperInvariant(), password = "another one" }).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }
}
