using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Grpc.Core;
using Mmo.Auth.V1;
using Mmo.AuthService.Diagnostics;
using Mmo.AuthService.Features.Sessions;
using Mmo.AuthService.Internal;
using Db = Mmo.Database.V1;

namespace Mmo.AuthService.Grpc;

/// <summary>mmo.auth.v1.Auth: thin adapter over the session validator and the DatabaseService.</summary>
internal sealed class AuthGrpcService(
    SessionValidator validator, ValidationCache cache, Db.Accounts.AccountsClient accounts, Db.Tickets.TicketsClient tickets, ILogger<AuthGrpcService> logger)
    : Auth.V1.Auth.AuthBase
{
    public override async Task<ValidateSessionResponse> ValidateSession(ValidateSessionRequest request, ServerCallContext context)
    {
        CheckSecret(request.Token, "token");
        return await validator.ValidateAsync(request.Token, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The session is not valid."));
    }

    public override async Task<RedeemTicketResponse> RedeemTicket(RedeemTicketRequest request, ServerCallContext context)
    {
        CheckSecret(request.Ticket, "ticket");
        Db.RedeemTicketResponse redeemed;
        try
        {
            redeemed = await tickets.RedeemTicketAsync(
                new Db.RedeemTicketRequest { TicketHash = ByteString.CopyFrom(SecretToken.Hash(request.Ticket)) }, cancellationToken: context.CancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The ticket is unknown, used or expired."));
        }
        if (redeemed.Account.Banned)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The account is banned."));
        }
        return new RedeemTicketResponse { AccountId = redeemed.Account.Id, AccountName = redeemed.Account.Name };
    }

    public override async Task<GetAccountResponse> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        if (request.AccountId <= 0)
        {
            ThrowInvalid("account_id must be positive.");
        }
        var account = await accounts.GetAccountAsync(new Db.GetAccountRequest { AccountId = request.AccountId }, cancellationToken: context.CancellationToken);
        return new GetAccountResponse { AccountId = account.Id, AccountName = account.Name, IsGuest = account.IsGuest, Banned = account.Banned, CreatedAt = account.CreatedAt };
    }

    public override async Task<BanAccountResponse> BanAccount(BanAccountRequest request, ServerCallContext context)
    {
        if (request.AccountId <= 0)
        {
            ThrowInvalid("account_id must be positive.");
        }
        var banned = await accounts.BanAccountAsync(
            new Db.BanAccountRequest { AccountId = request.AccountId, Reason = request.Reason, Until = request.Until }, cancellationToken: context.CancellationToken);
        await cache.RemoveAsync(banned.RevokedTokenHashes.Select(h => h.ToByteArray()), context.CancellationToken);
        AuthLog.Banned(logger, request.AccountId, banned.RevokedTokenHashes.Count);
        return new BanAccountResponse { RevokedSessions = banned.RevokedTokenHashes.Count };
    }

    private static void CheckSecret(string value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Length > SecretToken.MaxPresentedLength)
        {
            ThrowInvalid($"{field} must be 1–{SecretToken.MaxPresentedLength} characters.");
        }
    }

    [DoesNotReturn]
    private static void ThrowInvalid(string message) => throw new RpcException(new Status(StatusCode.InvalidArgument, message));
}
