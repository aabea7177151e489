using System.Security.Cryptography;
using Grpc.Core;
using Mmo.AuthService.Diagnostics;
using Mmo.AuthService.Features.Sessions;
using Mmo.AuthService.Internal;
using Mmo.Database.V1;

namespace Mmo.AuthService.Features.Accounts;

/// <summary>POST /api/v1/accounts (register) and POST /api/v1/guest (temporary account + session).</summary>
internal static class AccountEndpoints
{
    /// <summary>Body of POST /api/v1/accounts.</summary>
    public sealed record RegisterRequest(string? Username, string? Password, string? Email);

    /// <summary>Answer of POST /api/v1/accounts.</summary>
    public sealed record RegisterResponse(long AccountId, string Username);

    /// <summary>Answer of POST /api/v1/guest.</summary>
    public sealed record GuestResponse(string Token, string Username, DateTimeOffset ExpiresAt);

    public static RouteGroupBuilder MapAccounts(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts", RegisterAsync);
        api.MapPost("/guest", GuestAsync);
        return api;
    }

    private static async Task<IResult> RegisterAsync(RegisterRequest? body, Mmo.Database.V1.Accounts.AccountsClient accounts, PasswordService passwords, ILogger<RegisterRequest> logger, CancellationToken cancellationToken)
    {
        var errors = AccountRules.Validate(body?.Username, body?.Password, body?.Email);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        try
        {
            var account = await accounts.CreateAccountAsync(
                new CreateAccountRequest { Name = body!.Username, PasswordHash = passwords.Hash(body.Password!), Email = body.Email ?? "" },
                cancellationToken: cancellationToken);
            AuthLog.Registered(logger, account.Id);
            return TypedResults.Created($"/api/v1/accounts/{account.Id}", new RegisterResponse(account.Id, account.Name));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            return Problems.NameTaken();
        }
    }

    private static async Task<IResult> GuestAsync(Mmo.Database.V1.Accounts.AccountsClient accounts, SessionIssuer issuer, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = "guest_" + RandomNumberGenerator.GetInt32(1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                var account = await accounts.CreateAccountAsync(new CreateAccountRequest { Name = name, IsGuest = true }, cancellationToken: cancellationToken);
                var (token, expiresAt) = await issuer.IssueAsync(account.Id, cancellationToken);
                return TypedResults.Created("/api/v1/sessions/current", new GuestResponse(token, account.Name, expiresAt));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists && attempt < 3)
            {
                // A random name collided: draw another.
            }
        }
    }
}
