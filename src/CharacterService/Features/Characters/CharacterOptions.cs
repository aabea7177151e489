namespace Mmo.CharacterService.Features.Characters;

/// <summary>
/// Character rules, section <c>Characters</c> (env <c>Characters__MaxPerAccount</c>, ...). Checked at start-up by
/// <see cref="CharacterOptionsValidator"/>; a bad value stops the process with a message naming the setting.
/// The reserved names and class templates ship in appsettings.json.
/// </summary>
public sealed class CharacterOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Characters";

    /// <summary>Most live (not deleted) characters per account, 1–1000. Default 5.</summary>
    public int MaxPerAccount { get; set; } = 5;

    /// <summary>How long a deleted character can be restored, 1 minute to 366 days. Default 7 days.</summary>
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a cached character list lives in Redis, 1 second to 1 hour. Default 60 seconds.</summary>
    public TimeSpan ListCacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Names nobody may take, compared without regard to case (e.g. admin, gm, moderator, system). Default none; appsettings.json lists them.</summary>
    public List<string> ReservedNames { get; set; } = [];

    /// <summary>Class templates by key (the class_id: lower-case letters, digits, '_', 1–32 characters). At least one is required.</summary>
    public Dictionary<string, ClassTemplateOptions> Classes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
