using System.Text;

namespace Mmo.AuthService.Features.Accounts;

/// <summary>Player-facing rules for account names, passwords and e-mail addresses.</summary>
internal static class AccountRules
{
    public const int NameMinLength = 3;
    public const int NameMaxLength = 16;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int EmailMaxLength = 254;

    /// <summary>Names nobody may register (compared case-insensitively); names starting with "guest" are kept for guest logins.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "root", "system", "server", "gm", "gamemaster", "moderator", "mod", "support", "staff", "null", "undefined",
    };

    /// <summary>Checks a registration; the errors are keyed by field for a validation problem. Empty when all is well.</summary>
    public static Dictionary<string, string[]> Validate(string? username, string? password, string? email)
    {
        var errors = new Dictionary<string, string[]>();
        if (NameError(username) is { } nameError)
        {
            errors["username"] = [nameError];
        }
        if (PasswordError(password) is { } passwordError)
        {
            errors["password"] = [passwordError];
        }
        if (!string.IsNullOrEmpty(email) && (email.Length > EmailMaxLength || email.IndexOf('@') is <= 0 || email.EndsWith('@') || email.Any(char.IsWhiteSpace)))
        {
            errors["email"] = [$"Give a valid e-mail address of at most {EmailMaxLength} characters, or none."];
        }
        return errors;
    }

    public static string? NameError(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length < NameMinLength || name.Length > NameMaxLength || !name.All(IsNameChar))
        {
            return $"Use {NameMinLength}–{NameMaxLength} letters (a–z), digits and underscores.";
        }
        if (Reserved.Contains(name) || name.StartsWith("guest", StringComparison.OrdinalIgnoreCase))
        {
            return "That name is reserved.";
        }
        return null;
    }

    public static string? PasswordError(string? password) =>
        password is null || password.Length < PasswordMinLength || password.Length > PasswordMaxLength
            ? $"Use {PasswordMinLength}–{PasswordMaxLength} characters."
            : null;

    /// <summary>A valid account name derived from an external user's name or e-mail, for the first link.</summary>
    public static string SuggestName(string name, string email)
    {
        var source = string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name;
        var builder = new StringBuilder();
        foreach (var c in source)
        {
            if (builder.Length == NameMaxLength)
            {
                break;
            }
            builder.Append(IsNameChar(c) ? c : '_');
        }
        var candidate = builder.ToString();
        return NameError(candidate) is null ? candidate : "web_" + Convert.ToHexString(BitConverter.GetBytes(Random.Shared.NextInt64()))[..10].ToLowerInvariant();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
