using Microsoft.Extensions.Options;

namespace Mmo.CharacterService.Features.Characters;

/// <summary>
/// Player-facing name rules: 3–16 ASCII letters or digits, not a reserved name (any letter case). ASCII only, so
/// that look-alike letters from other scripts cannot imitate another player, and so that the database's
/// case-insensitive unique index (lower(name)) means the same thing as what players see.
/// </summary>
internal sealed class NameRules
{
    public const int MinLength = 3;
    public const int MaxLength = 16;

    private readonly HashSet<string> _reserved;

    public NameRules(IOptions<CharacterOptions> options) =>
        _reserved = new HashSet<string>(options.Value.ReservedNames.Select(n => n.Trim()), StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns the name if it may be created; throws <see cref="CharacterException"/> (INVALID_ARGUMENT) saying why not.</summary>
    public string Check(string name)
    {
        // Length first: nothing else looks at an oversized input.
        if (name.Length is < MinLength or > MaxLength)
        {
            throw new CharacterException(CharacterError.InvalidArgument, $"name must be {MinLength}–{MaxLength} characters long.");
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                throw new CharacterException(CharacterError.InvalidArgument, "name may contain only the letters A–Z, a–z and the digits 0–9.");
            }
        }
        if (_reserved.Contains(name))
        {
            throw new CharacterException(CharacterError.InvalidArgument, "name is reserved; choose another.");
        }
        return name;
    }
}
