namespace Mmo.DatabaseService.Data;

/// <summary>
/// Bounds of stored values: column sizes in the model and the migrations, and what requests are
/// checked against before they reach the database (INVALID_ARGUMENT beyond them).
/// </summary>
internal static class Limits
{
    /// <summary>Characters in an account name.</summary>
    public const int AccountName = 64;

    /// <summary>Characters in an e-mail address (RFC 5321 path limit).</summary>
    public const int Email = 254;

    /// <summary>Characters in a stored password hash (PBKDF2/ASP.NET Core hashes are about 84).</summary>
    public const int PasswordHash = 512;

    /// <summary>Characters in a better-auth user id.</summary>
    public const int ExternalUserId = 255;

    /// <summary>Characters in a ban reason.</summary>
    public const int BanReason = 512;

    /// <summary>Bytes of a token or ticket hash (SHA-256).</summary>
    public const int HashBytes = 32;

    /// <summary>Characters in a character name (the CharacterService allows fewer).</summary>
    public const int CharacterName = 32;

    /// <summary>Characters in a class template key.</summary>
    public const int ClassId = 32;

    /// <summary>Characters in a map key.</summary>
    public const int MapId = 64;

    /// <summary>Characters in an external (better-auth) session token.</summary>
    public const int ExternalToken = 512;

    /// <summary>Most characters per account a request may ask for as its limit.</summary>
    public const int MaxCharactersLimit = 1000;

    /// <summary>Shortest session lifetime and sliding refresh.</summary>
    public static readonly TimeSpan MinSessionLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Longest session lifetime, sliding refresh and restore window.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>Shortest ticket lifetime.</summary>
    public static readonly TimeSpan MinTicketLifetime = TimeSpan.FromSeconds(1);

    /// <summary>Longest ticket lifetime.</summary>
    public static readonly TimeSpan MaxTicketLifetime = TimeSpan.FromHours(1);

    /// <summary>Shortest restore window.</summary>
    public static readonly TimeSpan MinRestoreWindow = TimeSpan.FromMinutes(1);
}
