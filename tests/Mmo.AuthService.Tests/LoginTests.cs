using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Mmo.Redis.Tests.Infrastructure;
using Npgsql;
using Mmo.AuthService.Tests.Infrastructure;

namespace Mmo.AuthService.Tests;

[Collection(ClusterCollection.Name)]
public sealed class LoginTests(ClusterFixture cluster)
{
    private AuthHost Auth => cluster.Auth;

    [Fact]
    public async Task Login_WrongPasswordAndUnknownUser_SameProblemBody()
    {
        var name = Api.UniqueName();
        await Api.RegisterAndLoginAsync(Auth, name);

        using var wrongPassword = await Auth.PostJsonAsync("/api/v1/sessions", new { username = name, password = "wrong password" }).DefaultTimeout();
        using var unknownUser = await Auth.PostJsonAsync("/api/v1/sessions", new { username = Api.UniqueName(), password = "wrong password" }).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal("application/problem+json", wrongPassword.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await wrongPassword.Content.ReadAsStringAsync(), await unknownUser.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_RepeatedFailures_429WithRetryAfterEvenForRightPassword()
    {
        var name = Api.UniqueName();
        await Api.RegisterAndLoginAsync(Auth, name);
        for (var i = 0; i < 5; i++)
        {
            using var failed = await Auth.PostJsonAsync("/api/v1/sessions", new { username = name, password = "wrong password" }).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locked = await Auth.PostJsonAsync("/api/v1/sessions", new { username = name, password = "correct horse" }).DefaultTimeout();

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must give the wait in seconds.");
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Login_FailuresFromOneAddressAcrossNames_429ForTheAddress()
    {
        await using var redis = await RedisServer.StartAsync().DefaultTimeout();
        await using var auth = await AuthHost.StartAsync(cluster.Database.GrpcPort, redis.EndPoint, new Dictionary<string, string> { ["Auth:LoginThrottle:IpFailures"] = "3" }).DefaultTimeout();
        for (var i = 0; i < 3; i++)
        {
            using var failed = await auth.PostJsonAsync("/api/v1/sessions", new { username = Api.UniqueName(), password = "wrong password" }).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locked = await auth.PostJsonAsync("/api/v1/sessions", new { username = Api.UniqueName(), password = "wrong password" }).DefaultTimeout();

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Login_HashWithOldParameters_ReplacedByCurrentHash()
    {
        var name = Api.UniqueName();
        await Api.RegisterAndLoginAsync(Auth, name);
        var old = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 })).HashPassword(new object(), "correct horse");
        await ExecuteAsync("UPDATE mmo.accounts SET password_hash = @hash WHERE lower(name) = lower(@name)", name, old);

        await Api.LoginAsync(Auth, name, "correct horse");
        var stored = await ExecuteAsync("SELECT password_hash FROM mmo.accounts WHERE lower(name) = lower(@name)", name, null);
        await Api.LoginAsync(Auth, name, "correct horse");

        Assert.NotEqual(old, stored);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(new object(), (string)stored!, "correct horse"));
    }

    private async Task<object?> ExecuteAsync(string sql, string name, string? hash)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        if (hash is not null)
        {
            command.Parameters.AddWithValue("hash", hash);
        }
        return await command.ExecuteScalarAsync();
    }
}
