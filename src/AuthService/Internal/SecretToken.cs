using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Mmo.AuthService.Internal;

/// <summary>
/// Session tokens and game tickets: 256 random bits as base64url (43 characters). Only their SHA-256 hash
/// leaves this process, so a leaked database row cannot be replayed as a token.
/// </summary>
internal static class SecretToken
{
    /// <summary>Length of a token we issue.</summary>
    public const int Length = 43;

    /// <summary>The longest token any caller may present (ours or an external one); longer ones are refused unread.</summary>
    public const int MaxPresentedLength = 512;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>True when the text has the shape of a token we issue (cheap pre-check before a database look-up).</summary>
    public static bool IsOwnFormat(string token)
    {
        if (token.Length != Length)
        {
            return false;
        }
        foreach (var c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }
        return true;
    }
}
