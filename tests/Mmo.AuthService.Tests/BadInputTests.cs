using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mmo.Auth.V1;
using Mmo.AuthService.Tests.Infrastructure;
using Npgsql;

namespace Mmo.AuthService.Tests;

[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture cluster)
{
    private AuthHost Auth => cluster.Auth;

    public static TheoryData<string?, string?, string?, string> Registrations => new()
    {
        { new string('a', 17), "long enough", null, "username" },
        { new string('a', 10_000), "long enough", null, "username" },
        { "ab", "long enough", null, "username" },
        { "bad name!", "long enough", null, "username" },
        { "Admin", "long enough", null, "username" },
        { "guest_1234", "long enough", null, "username" },
        { null, "long enough", null, "username" },
        { "fine_name", "short", null, "password" },
        { "fine_name", new string('p', 129), null, "password" },
        { "fine_name", "long enough", "not-an-address", "email" },
    };

    [Theory]
    [MemberData(nameof(Registrations))]
    public async Task Register_BadInput_400ProblemAndNothingWritten(string? username, string? password, string? email, string field)
    {
        using var response = await Auth.PostJsonAsync("/api/v1/accounts", new { username, password, email }).DefaultTimeout();
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors must name '{field}': {problem}");
        Assert.Equal(0, await CountAccountsAsync(username ?? ""));
    }

    [Fact]
    public async Task Login_OverlongInput_400Problem()
    {
        using var response = await Auth.PostJsonAsync("/api/v1/sessions", new { username = new string('a', 5000), password = new string('b', 5000) }).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MalformedJson_400Problem()
    {
        using var content = new StringContent("{\"username\":", System.Text.Encoding.UTF8, "application/json");
        using var response = await Auth.Http.PostAsync("/api/v1/accounts", content).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("not-a-token-but-43-characters-long-xxxxxxxx")]
    public async Task Tickets_BadBearer_401Problem(string token)
    {
        using var response = await Auth.PostJsonAsync("/api/v1/tickets", new { }, token.Length == 0 ? null : token).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Grpc_OverlongOrEmptyToken_InvalidArgument()
    {
        var overlong = await Assert.ThrowsAsync<RpcException>(() => Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = new string('t', 513) }).ResponseAsync).DefaultTimeout();
        var empty = await Assert.ThrowsAsync<RpcException>(() => Auth.Grpc.RedeemTicketAsync(new RedeemTicketRequest { Ticket = "" }).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.InvalidArgument, overlong.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    private async Task<long> CountAccountsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM mmo.accounts WHERE lower(name) = lower(@name)", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
