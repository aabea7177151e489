using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Accounts;
using Mmo.DatabaseService.Internal;
using static Mmo.DatabaseService.Grpc.RequestGuard;

namespace Mmo.DatabaseService.Grpc;

/// <summary>mmo.database.v1.Accounts: check → map → call → map. Errors come from <see cref="DataErrorInterceptor"/>.</summary>
internal sealed class AccountsGrpcService(AccountStore store, TimeProvider time) : Accounts.AccountsBase
{
    public override async Task<Account> CreateAccount(CreateAccountRequest request, ServerCallContext context)
    {
        var account = new NewAccount(
            Text(request.Name, "name", Limits.AccountName),
            OptionalText(request.Email, "email", Limits.Email),
            OptionalText(request.PasswordHash, "password_hash", Limits.PasswordHash),
            request.IsGuest);
        var row = await store.CreateAsync(account, context.CancellationToken);
        return row.ToProto(time.GetDatabaseNow());
    }

    public override async Task<Account> GetAccount(GetAccountRequest request, ServerCallContext context)
    {
        var row = await store.GetAsync(Id(request.AccountId, "account_id"), context.CancellationToken);
        return row.ToProto(time.GetDatabaseNow());
    }

    public override async Task<Account> GetAccountByName(GetAccountByNameRequest request, ServerCallContext context)
    {
        var row = await store.GetByNameAsync(Text(request.Name, "name", Limits.AccountName), context.CancellationToken);
        return row.ToProto(time.GetDatabaseNow());
    }

    public override async Task<Account> RecordLogin(RecordLoginRequest request, ServerCallContext context)
    {
        var row = await store.RecordLoginAsync(
            Id(request.AccountId, "account_id"),
            OptionalText(request.NewPasswordHash, "new_password_hash", Limits.PasswordHash),
            context.CancellationToken);
        return row.ToProto(time.GetDatabaseNow());
    }

    public override async Task<BanAccountResponse> BanAccount(BanAccountRequest request, ServerCallContext context)
    {
        var now = time.GetDatabaseNow();
        var (row, revoked) = await store.BanAsync(
            Id(request.AccountId, "account_id"),
            OptionalText(request.Reason, "reason", Limits.BanReason),
            OptionalFutureTime(request.Until, "until", now),
            context.CancellationToken);
        return new BanAccountResponse { Account = row.ToProto(time.GetDatabaseNow()), RevokedTokenHashes = { revoked.ToByteStrings() } };
    }

    public override async Task<Account> UnbanAccount(UnbanAccountRequest request, ServerCallContext context)
    {
        var row = await store.UnbanAsync(Id(request.AccountId, "account_id"), context.CancellationToken);
        return row.ToProto(time.GetDatabaseNow());
    }

    public override async Task<GetOrCreateExternalAccountResponse> GetOrCreateExternalAccount(GetOrCreateExternalAccountRequest request, ServerCallContext context)
    {
        var (row, created) = await store.GetOrCreateExternalAsync(
            Text(request.ExternalUserId, "external_user_id", Limits.ExternalUserId),
            Text(request.Name, "name", Limits.AccountName),
            OptionalText(request.Email, "email", Limits.Email),
            context.CancellationToken);
        return new GetOrCreateExternalAccountResponse { Account = row.ToProto(time.GetDatabaseNow()), Created = created };
    }
}
