using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Mmo.AuthService.Internal;
using Mmo.Database.V1;

namespace Mmo.AuthService.Features.Sessions;

/// <summary>Creates sessions: a fresh token for the caller, only its hash for the DatabaseService.</summary>
internal sealed class SessionIssuer(Mmo.Database.V1.Sessions.SessionsClient sessions, IOptions<AuthOptions> options)
{
    private readonly Duration _lifetime = Duration.FromTimeSpan(options.Value.SessionLifetime);

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(long accountId, CancellationToken cancellationToken)
    {
        var token = SecretToken.New();
        var session = await sessions.CreateSessionAsync(
            new CreateSessionRequest { AccountId = accountId, TokenHash = ByteString.CopyFrom(SecretToken.Hash(token)), Lifetime = _lifetime },
            cancellationToken: cancellationToken);
        return (token, session.ExpiresAt.ToDateTimeOffset());
    }
}
