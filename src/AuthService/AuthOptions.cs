using System.ComponentModel.DataAnnotations;

namespace Mmo.AuthService;

/// <summary>The AuthService's settings: section <c>Auth</c> (env vars <c>Auth__SessionLifetime</c> etc.).</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>How long a session lives without use; each validation slides it forward. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00", ErrorMessage = "Auth:SessionLifetime must be between 00:01:00 and 366.00:00:00.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a one-time game ticket may be redeemed. Default 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Auth:TicketLifetime must be between 00:00:05 and 01:00:00.")]
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a session validation stays cached in Redis. Default 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Auth:ValidationCacheTtl must be between 00:00:01 and 00:10:00.")]
    public TimeSpan ValidationCacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The client version the Launcher must run (GET /api/v1/version). Default "0.1.0".</summary>
    [Required(ErrorMessage = "Auth:RequiredClientVersion is required, e.g. \"0.1.0\".")]
    public string RequiredClientVersion { get; set; } = "0.1.0";

    /// <summary>Where the Launcher downloads a newer client; optional.</summary>
    public string? ClientDownloadUrl { get; set; }

    /// <summary>The realms GET /api/v1/realms lists.</summary>
    public List<RealmOptions> Realms { get; set; } = [];

    /// <summary>Brute-force protection of the login endpoint.</summary>
    public LoginThrottleOptions LoginThrottle { get; set; } = new();

    /// <summary>Acceptance of better-auth sessions made by the external web app.</summary>
    public ExternalSessionOptions ExternalSessions { get; set; } = new();
}

/// <summary>One realm entry of <see cref="AuthOptions.Realms"/>.</summary>
public sealed class RealmOptions
{
    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>"online", "offline" or "maintenance".</summary>
    public string Status { get; set; } = "online";

    /// <summary>"low", "medium", "high" or "full".</summary>
    public string Population { get; set; } = "low";
}

/// <summary>Login brute-force limits (section <c>Auth:LoginThrottle</c>); counters live in Redis.</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Failed logins of one account name before it is locked for a while. Default 5.</summary>
    public int AccountFailures { get; set; } = 5;

    /// <summary>Failed logins from one IP address before it is locked for a while. Default 20.</summary>
    public int IpFailures { get; set; } = 20;

    /// <summary>The first lock's length; each further failure doubles it. Default 5 seconds.</summary>
    public TimeSpan BaseLockout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest lock. Default 15 minutes.</summary>
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long failures are remembered after the last one. Default 15 minutes.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>External better-auth sessions (section <c>Auth:ExternalSessions</c>).</summary>
public sealed class ExternalSessionOptions
{
    /// <summary>Accept better-auth session tokens (env <c>Auth__ExternalSessions__Enabled=true</c>). Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The web app's BETTER_AUTH_SECRET; when set, the signature of a cookie value "token.signature" is checked. A secret: env var only.</summary>
    public string? Secret { get; set; }
}
