using System.Diagnostics.Metrics;

namespace Mmo.CharacterService.Diagnostics;

/// <summary>The CharacterService's own instruments (meter <c>Mmo.Character</c>; exported as <c>mmo_character_*</c>).</summary>
internal sealed class CharacterMetrics
{
    public const string MeterName = "Mmo.Character";

    private readonly Counter<long> _created;
    private readonly Counter<long> _listCache;

    public CharacterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _created = meter.CreateCounter<long>("mmo.character.created", "{character}", "Characters created.");
        _listCache = meter.CreateCounter<long>("mmo.character.list_cache.lookups", "{lookup}", "Character list cache lookups by result: hit, miss, or error (Redis unavailable).");
    }

    public void Created() => _created.Add(1);

    public void CacheLookup(string result) => _listCache.Add(1, new KeyValuePair<string, object?>("result", result));
}
