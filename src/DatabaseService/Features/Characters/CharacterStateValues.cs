using Mmo.DatabaseService.Data;

namespace Mmo.DatabaseService.Features.Characters;

/// <summary>The stored part of a character the world changes (validated before it gets here).</summary>
internal readonly record struct CharacterStateValues(
    string MapId, long InstanceId, float X, float Y, float Z, float Heading, int Hp, int Mp, int Level, long Experience)
{
    public CharacterStateRow ToRow(long version, DateTimeOffset savedAt) => new()
    {
        MapId = MapId,
        InstanceId = InstanceId,
        PositionX = X,
        PositionY = Y,
        PositionZ = Z,
        Heading = Heading,
        Hp = Hp,
        Mp = Mp,
        Level = Level,
        Experience = Experience,
        Version = version,
        SavedAt = savedAt,
    };
}
