using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mmo.Auth.V1;
using Mmo.AuthService.Diagnostics;
using Mmo.AuthService.Features.Accounts;
using Mmo.Database.V1;

namespace Mmo.AuthService.Features.External;

/// <summary>
/// Accepts sessions of the external web app (better-auth), when <see cref="ExternalSessionOptions.Enabled"/>: the
/// plain token, or the signed cookie value <c>token.signature</c> (signature = base64 HMAC-SHA256 of the token
/// with the web app's secret; checked when <see cref="ExternalSessionOptions.Secret"/> is set). A valid session
/// maps to a game account created on first use and linked by the external user id.
/// </summary>
internal sealed class ExternalSessionResolver(
    ExternalAuth.ExternalAuthClient externalAuth,
    Mmo.Database.V1.Accounts.AccountsClient accounts,
    IOptions<AuthOptions> options,
    ILogger<ExternalSessionResolver> logger)
{
    private readonly ExternalSessionOptions _options = options.Value.ExternalSessions;

    public async Task<ValidateSessionResponse?> ResolveAsync(string presented, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || TokenOf(presented) is not { } token)
        {
            return null;
        }
        ExternalSession session;
        try
        {
            session = await externalAuth.FindExternalSessionAsync(new FindExternalSessionRequest { Token = token }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            return null;
        }
        var account = await LinkAsync(session.User, cancellationToken);
        if (account.Banned)
        {
            return null;
        }
        return new ValidateSessionResponse
        {
            AccountId = account.Id,
            AccountName = account.Name,
            ExpiresAt = session.ExpiresAt,
            IsGuest = false,
            External = true,
        };
    }

    /// <summary>The token of a presented value: plain, or "token.signature" with the signature checked when a secret is set.</summary>
    private string? TokenOf(string presented)
    {
        var dot = presented.LastIndexOf('.');
        if (dot <= 0)
        {
            return presented;
        }
        var token = presented[..dot];
        if (string.IsNullOrEmpty(_options.Secret))
        {
            return token;
        }
        var signature = Uri.UnescapeDataString(presented[(dot + 1)..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.Secret), Encoding.UTF8.GetBytes(token)));
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature.TrimEnd('=')), Encoding.ASCII.GetBytes(expected.TrimEnd('='))))
        {
            return token;
        }
        AuthLog.BadExternalSignature(logger);
        return null;
    }

    private async Task<Account> LinkAsync(ExternalUser user, CancellationToken cancellationToken)
    {
        var baseName = AccountRules.SuggestName(user.Name, user.Email);
        for (var attempt = 0; ; attempt++)
        {
            var name = attempt == 0 ? baseName : $"{baseName[..Math.Min(baseName.Length, 10)]}_{RandomNumberGenerator.GetInt32(100_000):D5}";
            try
            {
                var linked = await accounts.GetOrCreateExternalAccountAsync(
                    new GetOrCreateExternalAccountRequest { ExternalUserId = user.Id, Name = name, Email = user.Email.Length <= 254 ? user.Email : "" },
                    cancellationToken: cancellationToken);
                if (linked.Created)
                {
                    AuthLog.ExternalLinked(logger, linked.Account.Id, created: true);
                }
                return linked.Account;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists && attempt < 5)
            {
                // The name is taken by another account: try a suffixed one.
            }
        }
    }
}
