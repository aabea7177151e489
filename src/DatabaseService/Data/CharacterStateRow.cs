namespace Mmo.DatabaseService.Data;

/// <summary>A row of <c>mmo.character_state</c>: what the world changes, versioned for optimistic concurrency.</summary>
internal sealed class CharacterStateRow
{
    public long CharacterId { get; set; }

    public string MapId { get; set; } = "";

    public long InstanceId { get; set; }

    public float PositionX { get; set; }

    public float PositionY { get; set; }

    public float PositionZ { get; set; }

    /// <summary>Degrees in [0, 360).</summary>
    public float Heading { get; set; }

    public int Hp { get; set; }

    public int Mp { get; set; }

    public int Level { get; set; }

    public long Experience { get; set; }

    /// <summary>1 at creation, +1 on every save; a save names the version it expects.</summary>
    public long Version { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}
