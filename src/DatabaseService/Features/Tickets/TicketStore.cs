using Microsoft.EntityFrameworkCore;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Errors;
using Mmo.DatabaseService.Internal;

namespace Mmo.DatabaseService.Features.Tickets;

/// <summary>Reads and writes <c>mmo.game_tickets</c>: one-time tickets, found only by their hash.</summary>
internal sealed class TicketStore(MmoDbContext db, TimeProvider time)
{
    public async Task<GameTicketRow> CreateAsync(long accountId, byte[] ticketHash, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var row = new GameTicketRow { AccountId = accountId, TicketHash = ticketHash, CreatedAt = now, ExpiresAt = now + lifetime };
        db.GameTickets.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>
    /// Redeems the ticket. One conditional UPDATE does it: PostgreSQL's row lock makes concurrent
    /// redemptions queue, and each later one finds redeemed_at set, so exactly one succeeds.
    /// </summary>
    public async Task<(GameTicketRow Ticket, AccountRow Account)> RedeemAsync(byte[] ticketHash, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var redeemed = await db.GameTickets.FromSql($"""
            UPDATE mmo.game_tickets SET redeemed_at = {now}
            WHERE ticket_hash = {ticketHash} AND redeemed_at IS NULL AND expires_at > {now}
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        if (redeemed.Count == 0)
        {
            var ticket = await db.GameTickets.AsNoTracking().FirstOrDefaultAsync(t => t.TicketHash == ticketHash, cancellationToken);
            throw ticket switch
            {
                null => DataException.NotFound("No ticket has this hash."),
                { RedeemedAt: not null } => DataException.FailedPrecondition("The ticket was already redeemed."),
                _ => DataException.FailedPrecondition("The ticket has expired."),
            };
        }
        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == redeemed[0].AccountId, cancellationToken);
        return (redeemed[0], account);
    }
}
