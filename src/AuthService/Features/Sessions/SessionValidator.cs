using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mmo.Auth.V1;
using Mmo.AuthService.Diagnostics;
using Mmo.AuthService.Features.External;
using Mmo.AuthService.Internal;
using Mmo.Database.V1;

namespace Mmo.AuthService.Features.Sessions;

/// <summary>
/// Answers "which account does this token log in?" for the public API's Bearer header and for
/// ValidateSession over gRPC: Redis cache first, then the DatabaseService (own sessions, with sliding
/// expiry), then, when enabled, the external better-auth sessions.
/// </summary>
internal sealed class SessionValidator(
    Mmo.Database.V1.Sessions.SessionsClient sessions,
    ValidationCache cache,
    ExternalSessionResolver external,
    AuthMetrics metrics,
    IOptions<AuthOptions> options)
{
    private readonly Duration _sliding = Duration.FromTimeSpan(options.Value.SessionLifetime);

    /// <summary>The session's account, or null when the token is not valid now. Throws RpcException when the DatabaseService fails.</summary>
    public async ValueTask<ValidateSessionResponse?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > SecretToken.MaxPresentedLength)
        {
            return null;
        }
        var hash = SecretToken.Hash(token);
        if (await cache.GetAsync(hash, cancellationToken) is { } cached)
        {
            metrics.Validation("cache");
            return cached;
        }
        var result = SecretToken.IsOwnFormat(token) ? await FindOwnAsync(hash, cancellationToken) : null;
        result ??= await external.ResolveAsync(token, cancellationToken);
        metrics.Validation(result is null ? "invalid" : result.External ? "external" : "database");
        if (result is not null)
        {
            await cache.SetAsync(hash, result, cancellationToken);
        }
        return result;
    }

    private async Task<ValidateSessionResponse?> FindOwnAsync(byte[] hash, CancellationToken cancellationToken)
    {
        try
        {
            var found = await sessions.FindValidSessionAsync(
                new FindValidSessionRequest { TokenHash = Google.Protobuf.ByteString.CopyFrom(hash), SlidingLifetime = _sliding },
                cancellationToken: cancellationToken);
            return new ValidateSessionResponse
            {
                AccountId = found.Account.Id,
                AccountName = found.Account.Name,
                ExpiresAt = found.Session.ExpiresAt,
                IsGuest = found.Account.IsGuest,
            };
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
