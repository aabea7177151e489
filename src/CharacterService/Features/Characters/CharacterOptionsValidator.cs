using Microsoft.Extensions.Options;

namespace Mmo.CharacterService.Features.Characters;

/// <summary>Start-up checks of <see cref="CharacterOptions"/>; every message names the setting and the allowed range.</summary>
internal sealed class CharacterOptionsValidator : IValidateOptions<CharacterOptions>
{
    private const string Section = CharacterOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CharacterOptions options)
    {
        var failures = new List<string>();
        if (options.MaxPerAccount is < 1 or > 1000)
        {
            failures.Add($"{Section}:MaxPerAccount must be between 1 and 1000 (got {options.MaxPerAccount}).");
        }
        if (options.RestoreWindow < TimeSpan.FromMinutes(1) || options.RestoreWindow > TimeSpan.FromDays(366))
        {
            failures.Add($"{Section}:RestoreWindow must be between 00:01:00 and 366.00:00:00 (got {options.RestoreWindow}).");
        }
        if (options.ListCacheTtl < TimeSpan.FromSeconds(1) || options.ListCacheTtl > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:ListCacheTtl must be between 00:00:01 and 01:00:00 (got {options.ListCacheTtl}).");
        }
        for (var i = 0; i < options.ReservedNames.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.ReservedNames[i]))
            {
                failures.Add($"{Section}:ReservedNames:{i} is empty: remove it or give a name.");
            }
        }
        if (options.Classes.Count == 0)
        {
            failures.Add($"{Section}:Classes must define at least one class template (appsettings.json ships knight, rogue and wizard).");
        }
        foreach (var (key, template) in options.Classes)
        {
            ValidateClass(key, template, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateClass(string key, ClassTemplateOptions template, List<string> failures)
    {
        var prefix = $"{Section}:Classes:{key}";
        if (key.Length is < 1 or > 32 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            failures.Add($"{prefix}: the class key must be 1–32 lower-case letters, digits or '_'.");
        }
        Range(template.Hp, 1, 1_000_000, $"{prefix}:Hp", failures);
        Range(template.Mp, 0, 1_000_000, $"{prefix}:Mp", failures);
        Range(template.Strength, 0, 10_000, $"{prefix}:Strength", failures);
        Range(template.Dexterity, 0, 10_000, $"{prefix}:Dexterity", failures);
        Range(template.Intelligence, 0, 10_000, $"{prefix}:Intelligence", failures);
        if (string.IsNullOrWhiteSpace(template.StartMap) || template.StartMap.Length > 64 || template.StartMap.Any(char.IsControl))
        {
            failures.Add($"{prefix}:StartMap is required: a map key of 1–64 characters, e.g. start_town.");
        }
        if (!float.IsFinite(template.SpawnX) || !float.IsFinite(template.SpawnY) || !float.IsFinite(template.SpawnZ))
        {
            failures.Add($"{prefix}:SpawnX/SpawnY/SpawnZ must be finite numbers.");
        }
        if (!(template.SpawnHeading >= 0 && template.SpawnHeading < 360))
        {
            failures.Add($"{prefix}:SpawnHeading must be in [0, 360) degrees (got {template.SpawnHeading}).");
        }
    }

    private static void Range(int value, int min, int max, string setting, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{setting} must be between {min} and {max} (got {value}).");
        }
    }
}
