using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Mmo.AuthService.Diagnostics;
using Mmo.AuthService.Features.Accounts;
using Mmo.AuthService.Features.BruteForce;
using Mmo.AuthService.Internal;
using Mmo.Database.V1;

namespace Mmo.AuthService.Features.Sessions;

/// <summary>POST /api/v1/sessions (login) and DELETE /api/v1/sessions/current (logout).</summary>
internal static class SessionEndpoints
{
    /// <summary>Body of POST /api/v1/sessions.</summary>
    public sealed record LoginRequest(string? Username, string? Password);

    /// <summary>Answer of POST /api/v1/sessions.</summary>
    public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt);

    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder api)
    {
        api.MapPost("/sessions", LoginAsync);
        api.MapDelete("/sessions/current", LogoutAsync);
        return api;
    }

    private static async Task<IResult> LoginAsync(
        LoginRequest? body, HttpContext http, Mmo.Database.V1.Accounts.AccountsClient accounts, PasswordService passwords,
        SessionIssuer issuer, LoginThrottle throttle, AuthMetrics metrics, ILogger<LoginRequest> logger, CancellationToken cancellationToken)
    {
        var (username, password) = (body?.Username, body?.Password);
        if (string.IsNullOrEmpty(username) || username.Length > AccountRules.NameMaxLength || string.IsNullOrEmpty(password) || password.Length > AccountRules.PasswordMaxLength)
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["credentials"] = [$"Give a username of at most {AccountRules.NameMaxLength} and a password of at most {AccountRules.PasswordMaxLength} characters."],
            });
        }
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await throttle.RetryAfterAsync(username, ip, cancellationToken) is { } wait)
        {
            var seconds = (long)Math.Ceiling(wait.TotalSeconds);
            AuthLog.Throttled(logger, ip, seconds);
            metrics.Login("throttled");
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.TooManyAttempts();
        }
        var account = await FindAsync(accounts, username, cancellationToken);
        if (!passwords.Verify(account?.PasswordHash, password, out var rehashed) || account is null)
        {
            AuthLog.LoginFailed(logger, ip);
            metrics.Login("invalid");
            await throttle.RecordFailureAsync(username, ip, cancellationToken);
            return Problems.InvalidCredentials();
        }
        if (account.Banned)
        {
            metrics.Login("banned");
            return Problems.Banned();
        }
        await throttle.RecordSuccessAsync(username, cancellationToken);
        await accounts.RecordLoginAsync(new RecordLoginRequest { AccountId = account.Id, NewPasswordHash = rehashed ?? "" }, cancellationToken: cancellationToken);
        if (rehashed is not null)
        {
            AuthLog.Rehashed(logger, account.Id);
        }
        var (token, expiresAt) = await issuer.IssueAsync(account.Id, cancellationToken);
        metrics.Login("success");
        return TypedResults.Created("/api/v1/sessions/current", new LoginResponse(token, expiresAt));
    }

    private static async Task<Account?> FindAsync(Mmo.Database.V1.Accounts.AccountsClient accounts, string username, CancellationToken cancellationToken)
    {
        try
        {
            return await accounts.GetAccountByNameAsync(new GetAccountByNameRequest { Name = username }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    private static async Task<IResult> LogoutAsync(
        HttpContext http, SessionValidator validator, Mmo.Database.V1.Sessions.SessionsClient sessions, ValidationCache cache, CancellationToken cancellationToken)
    {
        var token = Bearer.TokenOf(http.Request);
        if (await validator.ValidateAsync(token, cancellationToken) is not { } session)
        {
            return Bearer.Challenge(http);
        }
        var hash = SecretToken.Hash(token!);
        if (!session.External)
        {
            try
            {
                await sessions.RevokeSessionAsync(new RevokeSessionRequest { TokenHash = ByteString.CopyFrom(hash) }, cancellationToken: cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // Already gone: logging out is idempotent.
            }
        }
        await cache.RemoveAsync([hash], cancellationToken);
        return TypedResults.NoContent();
    }
}
