using Microsoft.Extensions.Options;

namespace Mmo.CharacterService.Features.Characters;

/// <summary>The configured class templates, looked up by key in any letter case.</summary>
internal sealed class ClassCatalog(IOptions<CharacterOptions> options)
{
    private const int MaxClassIdLength = 32;

    private readonly Dictionary<string, ClassTemplateOptions> _classes =
        new(options.Value.Classes.Select(c => KeyValuePair.Create(c.Key.ToLowerInvariant(), c.Value)), StringComparer.OrdinalIgnoreCase);

    /// <summary>The template of <paramref name="classId"/> and its canonical (lower-case) key; INVALID_ARGUMENT when unknown.</summary>
    public (string Key, ClassTemplateOptions Template) Get(string classId)
    {
        if (classId.Length is 0 or > MaxClassIdLength || !_classes.TryGetValue(classId, out var template))
        {
            throw new CharacterException(CharacterError.InvalidArgument, $"class_id must be one of: {string.Join(", ", _classes.Keys.Order())}.");
        }
        return (classId.ToLowerInvariant(), template);
    }

    /// <summary>The template of a stored character; null when its class was removed from the configuration.</summary>
    public ClassTemplateOptions? Find(string classId) => _classes.GetValueOrDefault(classId);
}
