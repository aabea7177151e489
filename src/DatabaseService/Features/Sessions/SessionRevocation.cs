using Microsoft.EntityFrameworkCore;
using Mmo.DatabaseService.Data;

namespace Mmo.DatabaseService.Features.Sessions;

/// <summary>Revoking every active session of an account: shared by logout-everywhere and bans.</summary>
internal static class SessionRevocation
{
    /// <summary>Revokes the account's active sessions in one statement; returns their token hashes.</summary>
    public static async Task<IReadOnlyList<byte[]>> RevokeAllAsync(MmoDbContext db, long accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<byte[]>($"""
            UPDATE mmo.sessions SET revoked_at = {now}
            WHERE account_id = {accountId} AND revoked_at IS NULL AND expires_at > {now}
            RETURNING token_hash AS "Value"
            """).ToListAsync(cancellationToken);
}
