using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;
using Npgsql;

namespace Mmo.DatabaseService.Tests;

/// <summary>
/// The external web app's better-auth tables, created the way the web app creates them (quoted camelCase
/// columns, "user" a reserved word) in their own schema, and read through the ExternalAuth API.
/// </summary>
public sealed class ExternalAuthTests(PostgresFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task ExternalAuth_BetterAuthTables_ReadThroughTheApi()
    {
        var connectionString = await Fixture.CreateDatabaseAsync("betterauth");
        await CreateBetterAuthTablesAsync(connectionString, "webapp");
        var now = DateTimeOffset.UtcNow;
        await using (var data = NpgsqlDataSource.Create(connectionString))
        {
            await using var insert = data.CreateCommand("""
                INSERT INTO webapp."user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
                    VALUES ('u1', 'Alice', 'Alice@Example.com', true, now(), now()), ('u2', 'Bob', 'bob@example.com', false, now(), now());
                INSERT INTO webapp.session (id, token, "userId", "expiresAt", "createdAt", "updatedAt")
                    VALUES ('s1', 'live-token', 'u1', @future, now(), now()), ('s2', 'old-token', 'u1', @past, now(), now());
                INSERT INTO webapp.account (id, "accountId", "providerId", "userId", password, "createdAt", "updatedAt")
                    VALUES ('a1', 'u1', 'credential', 'u1', '0123abcd:4567ef', now(), now()), ('a2', 'gh-2', 'github', 'u2', NULL, now(), now());
                """);
            insert.Parameters.AddWithValue("future", now.AddDays(7));
            insert.Parameters.AddWithValue("past", now.AddMinutes(-1));
            await insert.ExecuteNonQueryAsync();
        }
        await using var host = await DatabaseServiceHost.StartAsync(connectionString, new Dictionary<string, string> { ["Database:ExternalAuthSchema"] = "webapp" });

        var session = await host.ExternalAuth.FindExternalSessionAsync(new FindExternalSessionRequest { Token = "live-token" });
        var expired = await Assert.ThrowsAsync<RpcException>(() => host.ExternalAuth.FindExternalSessionAsync(new FindExternalSessionRequest { Token = "old-token" }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => host.ExternalAuth.FindExternalSessionAsync(new FindExternalSessionRequest { Token = "nope" }).ResponseAsync);
        var user = await host.ExternalAuth.GetExternalUserAsync(new GetExternalUserRequest { UserId = "u2" });
        var credential = await host.ExternalAuth.GetExternalCredentialAsync(new GetExternalCredentialRequest { Email = "alice@EXAMPLE.com" });
        var noPassword = await Assert.ThrowsAsync<RpcException>(() => host.ExternalAuth.GetExternalCredentialAsync(new GetExternalCredentialRequest { Email = "bob@example.com" }).ResponseAsync);

        Assert.Equal("s1", session.Id);
        Assert.Equal(new ExternalUser { Id = "u1", Name = "Alice", Email = "Alice@Example.com", EmailVerified = true }, session.User);
        Assert.Equal(now.AddDays(7).ToUnixTimeSeconds(), session.ExpiresAt.ToDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(StatusCode.NotFound, expired.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(new ExternalUser { Id = "u2", Name = "Bob", Email = "bob@example.com", EmailVerified = false }, user);
        Assert.Equal("u1", credential.User.Id);
        Assert.Equal("0123abcd:4567ef", credential.PasswordHash);
        Assert.Equal(StatusCode.NotFound, noPassword.StatusCode);
        host.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task ExternalAuth_TablesMissing_FailedPreconditionNamingTheSchema()
    {
        // The shared service's database has no better-auth tables in 'public'.
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.ExternalAuth.FindExternalSessionAsync(new FindExternalSessionRequest { Token = "t" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("'public'", ex.Status.Detail);
    }

    [Fact]
    public async Task ExternalAuth_BadInput_InvalidArgument()
    {
        var empty = await Assert.ThrowsAsync<RpcException>(() => Host.ExternalAuth.FindExternalSessionAsync(new FindExternalSessionRequest { Token = "" }).ResponseAsync);
        var overlong = await Assert.ThrowsAsync<RpcException>(() => Host.ExternalAuth.GetExternalUserAsync(new GetExternalUserRequest { UserId = new string('u', 256) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, overlong.StatusCode);
    }

    /// <summary>The better-auth core schema as its PostgreSQL migration creates it.</summary>
    private static async Task CreateBetterAuthTablesAsync(string connectionString, string schema)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var command = data.CreateCommand($"""
            CREATE SCHEMA {schema};
            CREATE TABLE {schema}."user" (
                "id" text NOT NULL PRIMARY KEY, "name" text NOT NULL, "email" text NOT NULL UNIQUE, "emailVerified" boolean NOT NULL,
                "image" text, "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL);
            CREATE TABLE {schema}."session" (
                "id" text NOT NULL PRIMARY KEY, "expiresAt" timestamptz NOT NULL, "token" text NOT NULL UNIQUE,
                "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL, "ipAddress" text, "userAgent" text,
                "userId" text NOT NULL REFERENCES {schema}."user" ("id") ON DELETE CASCADE);
            CREATE TABLE {schema}."account" (
                "id" text NOT NULL PRIMARY KEY, "accountId" text NOT NULL, "providerId" text NOT NULL,
                "userId" text NOT NULL REFERENCES {schema}."user" ("id") ON DELETE CASCADE,
                "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz,
                "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text,
                "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL);
            """);
        await command.ExecuteNonQueryAsync();
    }
}
