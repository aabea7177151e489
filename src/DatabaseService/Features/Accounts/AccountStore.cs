using Microsoft.EntityFrameworkCore;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Errors;
using Mmo.DatabaseService.Features.Sessions;
using Mmo.DatabaseService.Internal;
using Npgsql;

namespace Mmo.DatabaseService.Features.Accounts;

/// <summary>Reads and writes <c>mmo.accounts</c>. Unique-name violations surface as ALREADY_EXISTS through the error mapping.</summary>
internal sealed class AccountStore(MmoDbContext db, TimeProvider time)
{
    public async Task<AccountRow> CreateAsync(NewAccount account, CancellationToken cancellationToken)
    {
        var row = new AccountRow
        {
            Name = account.Name,
            Email = account.Email,
            PasswordHash = account.PasswordHash,
            IsGuest = account.IsGuest,
            ExternalUserId = account.ExternalUserId,
            CreatedAt = time.GetDatabaseNow(),
        };
        db.Accounts.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    public async Task<AccountRow> GetAsync(long accountId, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken)
        ?? throw NotFound(accountId);

    public async Task<AccountRow> GetByNameAsync(string name, CancellationToken cancellationToken)
    {
        // lower() runs in the database, the same function as the generated name_key: one definition of "same name".
        var rows = await db.Accounts.FromSql($"SELECT * FROM mmo.accounts WHERE name_key = lower({name})")
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.Count == 1 ? rows[0] : throw DataException.NotFound("No account has this name.");
    }

    public async Task<AccountRow> RecordLoginAsync(long accountId, string? newPasswordHash, CancellationToken cancellationToken)
    {
        var row = await FindTrackedAsync(accountId, cancellationToken);
        row.LastLoginAt = time.GetDatabaseNow();
        if (newPasswordHash is not null)
        {
            row.PasswordHash = newPasswordHash;
        }
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>Bans the account and revokes its sessions in one transaction; returns the revoked token hashes.</summary>
    public async Task<(AccountRow Account, IReadOnlyList<byte[]> RevokedTokenHashes)> BanAsync(long accountId, string? reason, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await FindTrackedAsync(accountId, cancellationToken);
        var now = time.GetDatabaseNow();
        row.BannedAt = now;
        row.BannedUntil = until;
        row.BanReason = reason;
        await db.SaveChangesAsync(cancellationToken);
        var revoked = await SessionRevocation.RevokeAllAsync(db, accountId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (row, revoked);
    }

    public async Task<AccountRow> UnbanAsync(long accountId, CancellationToken cancellationToken)
    {
        var row = await FindTrackedAsync(accountId, cancellationToken);
        row.BannedAt = null;
        row.BannedUntil = null;
        row.BanReason = null;
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>
    /// The account linked to <paramref name="externalUserId"/>, created on first use. Concurrent first uses
    /// race on the unique index; the losers read the winner's row.
    /// </summary>
    public async Task<(AccountRow Account, bool Created)> GetOrCreateExternalAsync(string externalUserId, string name, string? email, CancellationToken cancellationToken)
    {
        if (await FindByExternalIdAsync(externalUserId, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        try
        {
            return (await CreateAsync(new NewAccount(name, email, PasswordHash: null, IsGuest: false, externalUserId), cancellationToken), true);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Either another call linked this user first (whichever index fired), or the name belongs to someone else.
            db.ChangeTracker.Clear();
            if (await FindByExternalIdAsync(externalUserId, cancellationToken) is { } winner)
            {
                return (winner, false);
            }
            throw;
        }
    }

    private Task<AccountRow?> FindByExternalIdAsync(string externalUserId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.ExternalUserId == externalUserId, cancellationToken);

    private async Task<AccountRow> FindTrackedAsync(long accountId, CancellationToken cancellationToken) =>
        await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken) ?? throw NotFound(accountId);

    private static DataException NotFound(long accountId) => DataException.NotFound($"Account {accountId} does not exist.");
}
