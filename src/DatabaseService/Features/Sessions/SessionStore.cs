using Microsoft.EntityFrameworkCore;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Errors;
using Mmo.DatabaseService.Internal;

namespace Mmo.DatabaseService.Features.Sessions;

/// <summary>Reads and writes <c>mmo.sessions</c>. A session is found only by the hash of its token.</summary>
internal sealed class SessionStore(MmoDbContext db, TimeProvider time)
{
    /// <summary>A sliding refresh only writes when it moves the expiry by more than this, so validations rarely write.</summary>
    internal static readonly TimeSpan RefreshGranularity = TimeSpan.FromMinutes(1);

    public async Task<SessionRow> CreateAsync(long accountId, byte[] tokenHash, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var row = new SessionRow { AccountId = accountId, TokenHash = tokenHash, CreatedAt = now, ExpiresAt = now + lifetime, LastSeenAt = now };
        db.Sessions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>The session of the hash if it is valid now (not revoked, not expired, account not banned), its expiry slid forward when asked.</summary>
    public async Task<SessionRow> FindValidAsync(byte[] tokenHash, TimeSpan? slidingLifetime, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var row = await db.Sessions.AsNoTracking().Include(s => s.Account)
            .FirstOrDefaultAsync(s => s.TokenHash == tokenHash && s.RevokedAt == null && s.ExpiresAt > now, cancellationToken);
        if (row is null || row.Account!.IsBannedAt(now))
        {
            throw DataException.NotFound("No valid session has this token.");
        }
        if (slidingLifetime is { } sliding && now + sliding - row.ExpiresAt > RefreshGranularity)
        {
            var expiresAt = now + sliding;
            var updated = await db.Sessions
                .Where(s => s.Id == row.Id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, expiresAt).SetProperty(x => x.LastSeenAt, now), cancellationToken);
            if (updated == 0)
            {
                throw DataException.NotFound("No valid session has this token."); // revoked in between
            }
            row.ExpiresAt = expiresAt;
            row.LastSeenAt = now;
        }
        return row;
    }

    /// <summary>Revokes the session of the hash; idempotent. Returns whether it was active until now.</summary>
    public async Task<(SessionRow Session, bool WasActive)> RevokeAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var row = await db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == tokenHash, cancellationToken)
            ?? throw DataException.NotFound("No session has this token.");
        var wasActive = row.RevokedAt is null && row.ExpiresAt > now;
        if (row.RevokedAt is null)
        {
            row.RevokedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return (row, wasActive);
    }

    public async Task<IReadOnlyList<byte[]>> RevokeAllAsync(long accountId, CancellationToken cancellationToken)
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, cancellationToken))
        {
            throw DataException.NotFound($"Account {accountId} does not exist.");
        }
        return await SessionRevocation.RevokeAllAsync(db, accountId, time.GetDatabaseNow(), cancellationToken);
    }
}
