using System.ComponentModel.DataAnnotations;

namespace Mmo.ServiceDefaults.InternalAuth;

/// <summary>
/// The shared key every service-to-service gRPC call carries. Section <c>InternalAuth</c>; in
/// Kubernetes, env <c>InternalAuth__Key</c> from a Secret. Without a key, the built-in development
/// key is used and a warning is logged at start-up: never run a real cluster that way.
/// </summary>
public sealed class InternalAuthOptions
{
    public const string SectionName = "InternalAuth";

    /// <summary>The metadata header carrying the key.</summary>
    public const string HeaderName = "x-internal-key";

    /// <summary>Used when <see cref="Key"/> is not set; public, so only fit for a developer machine.</summary>
    public const string DevelopmentKey = "mmo-development-internal-key-do-not-use-in-production";

    /// <summary>Shared secret, at least 32 characters. Default none (→ the development key, with a warning).</summary>
    [MinLength(32, ErrorMessage = "InternalAuth:Key must be at least 32 characters (e.g. `openssl rand -base64 48`).")]
    public string? Key { get; set; }

    /// <summary>Check the key on incoming gRPC calls. Default true; grpc.health.v1 is always exempt.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The key in force.</summary>
    public string EffectiveKey => string.IsNullOrEmpty(Key) ? DevelopmentKey : Key;
}
