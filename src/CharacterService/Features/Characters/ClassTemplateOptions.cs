namespace Mmo.CharacterService.Features.Characters;

/// <summary>One class template, <c>Characters:Classes:&lt;key&gt;</c>: base stats and where a new character of it starts.</summary>
public sealed class ClassTemplateOptions
{
    /// <summary>Base (and starting) hit points, 1–1,000,000.</summary>
    public int Hp { get; set; }

    /// <summary>Base (and starting) mana points, 0–1,000,000.</summary>
    public int Mp { get; set; }

    /// <summary>Base strength, 0–10,000.</summary>
    public int Strength { get; set; }

    /// <summary>Base dexterity, 0–10,000.</summary>
    public int Dexterity { get; set; }

    /// <summary>Base intelligence, 0–10,000.</summary>
    public int Intelligence { get; set; }

    /// <summary>The starting map (a WorldService map key), 1–64 characters.</summary>
    public string StartMap { get; set; } = "";

    /// <summary>Spawn point on the starting map, world units, finite.</summary>
    public float SpawnX { get; set; }

    /// <summary>Spawn point on the starting map, world units, finite.</summary>
    public float SpawnY { get; set; }

    /// <summary>Spawn point on the starting map, world units, finite.</summary>
    public float SpawnZ { get; set; }

    /// <summary>Facing at spawn, degrees in [0, 360). Default 0.</summary>
    public float SpawnHeading { get; set; }
}
