using System.Net;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Mmo.Auth.V1;
using Mmo.AuthService.Tests.Infrastructure;
using Npgsql;

namespace Mmo.AuthService.Tests;

/// <summary>Sessions made by the better-auth web app: tables and rows created here as the web app would, in schema public.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ExternalSessionTests(ClusterFixture cluster)
{
    private AuthHost Auth => cluster.Auth;

    [Fact]
    public async Task BearerWithExternalToken_GetsTicketAndValidates_SameAccountEachTime()
    {
        var token = await CreateExternalSessionAsync(TimeSpan.FromHours(1));

        var ticket = await Api.TicketAsync(Auth, token);
        var first = await Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync.DefaultTimeout();
        var redeemed = await Auth.Grpc.RedeemTicketAsync(new RedeemTicketRequest { Ticket = ticket }).ResponseAsync.DefaultTimeout();

        Assert.True(first.External);
        Assert.Equal(first.AccountId, redeemed.AccountId);
    }

    [Fact]
    public async Task SignedCookieValue_RightSignatureAccepted_WrongRefused()
    {
        var token = await CreateExternalSessionAsync(TimeSpan.FromHours(1));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ClusterFixture.ExternalSecret), Encoding.UTF8.GetBytes(token)));

        var valid = await Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = $"{token}.{Uri.EscapeDataString(signature)}" }).ResponseAsync.DefaultTimeout();
        using var forged = await Auth.PostJsonAsync("/api/v1/tickets", new { }, $"{token}.{Convert.ToBase64String(new byte[32])}").DefaultTimeout();

        Assert.True(valid.External);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task ExpiredExternalSession_Unauthenticated()
    {
        var token = await CreateExternalSessionAsync(TimeSpan.FromHours(-1));

        var error = await Assert.ThrowsAsync<RpcException>(() => Auth.Grpc.ValidateSessionAsync(new ValidateSessionRequest { Token = token }).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    /// <summary>A better-auth user and session (32 alphanumerics, as better-auth makes them); returns the session token.</summary>
    private async Task<string> CreateExternalSessionAsync(TimeSpan expiresIn)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS public."user" (
                "id" text NOT NULL PRIMARY KEY, "name" text NOT NULL, "email" text NOT NULL UNIQUE, "emailVerified" boolean NOT NULL,
                "image" text, "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS public."session" (
                "id" text NOT NULL PRIMARY KEY, "expiresAt" timestamptz NOT NULL, "token" text NOT NULL UNIQUE,
                "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL, "ipAddress" text, "userAgent" text,
                "userId" text NOT NULL REFERENCES public."user" ("id") ON DELETE CASCADE);
            CREATE TABLE IF NOT EXISTS public."account" (
                "id" text NOT NULL PRIMARY KEY, "accountId" text NOT NULL, "providerId" text NOT NULL,
                "userId" text NOT NULL REFERENCES public."user" ("id") ON DELETE CASCADE,
                "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz,
                "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text,
                "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL);
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        var userId = Guid.NewGuid().ToString("N");
        var token = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO public."user" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt") VALUES (@user, 'Web Player', @email, true, now(), now());
            INSERT INTO public."session" ("id", "expiresAt", "token", "createdAt", "updatedAt", "userId") VALUES (@session, @expires, @token, now(), now(), @user);
            """, connection);
        insert.Parameters.AddWithValue("user", userId);
        insert.Parameters.AddWithValue("email", $"{userId}@example.com");
        insert.Parameters.AddWithValue("session", Guid.NewGuid().ToString("N"));
        insert.Parameters.AddWithValue("expires", DateTime.UtcNow + expiresIn);
        insert.Parameters.AddWithValue("token", token);
        await insert.ExecuteNonQueryAsync();
        return token;
    }
}
