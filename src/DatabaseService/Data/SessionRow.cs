namespace Mmo.DatabaseService.Data;

/// <summary>A row of <c>mmo.sessions</c>: a login session, known only by the SHA-256 of its token.</summary>
internal sealed class SessionRow
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    public AccountRow? Account { get; set; }

    /// <summary>SHA-256 of the token, 32 bytes, unique.</summary>
    public byte[] TokenHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Creation or last sliding refresh.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
