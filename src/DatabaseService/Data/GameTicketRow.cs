namespace Mmo.DatabaseService.Data;

/// <summary>A row of <c>mmo.game_tickets</c>: a one-time ticket, known only by its SHA-256.</summary>
internal sealed class GameTicketRow
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    /// <summary>SHA-256 of the ticket, 32 bytes, unique.</summary>
    public byte[] TicketHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set once, by the one redemption that succeeded.</summary>
    public DateTimeOffset? RedeemedAt { get; set; }
}
