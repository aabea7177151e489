using Google.Protobuf.WellKnownTypes;
using Mmo.CharacterApi.V1;
using Mmo.CharacterService.Features.Characters;
using Db = Mmo.Database.V1;

namespace Mmo.CharacterService.Grpc;

/// <summary>Data API characters → the CharacterService's messages.</summary>
internal static class CharacterMapper
{
    public static CharacterSummary ToSummary(this Db.Character character, TimeSpan restoreWindow)
    {
        var summary = new CharacterSummary
        {
            Id = character.Id,
            Name = character.Name,
            ClassId = character.ClassId,
            Level = character.State?.Level ?? 1,
            MapId = character.State?.MapId ?? "",
            CreatedAt = character.CreatedAt,
        };
        if (character.DeletedAt is { } deletedAt)
        {
            summary.DeletedAt = deletedAt;
            summary.RestorableUntil = Timestamp.FromDateTime(deletedAt.ToDateTime() + restoreWindow);
        }
        return summary;
    }

    public static SelectedCharacter ToSelected(this Db.Character character, ClassTemplateOptions? template)
    {
        var state = character.State ?? new Db.CharacterState();
        return new SelectedCharacter
        {
            Id = character.Id,
            AccountId = character.AccountId,
            Name = character.Name,
            ClassId = character.ClassId,
            Level = state.Level,
            Experience = state.Experience,
            MapId = state.MapId,
            InstanceId = state.InstanceId,
            Position = new Position { X = state.X, Y = state.Y, Z = state.Z },
            Heading = state.Heading,
            Hp = state.Hp,
            Mp = state.Mp,
            // A class removed from the configuration leaves the character playable with what it has.
            MaxHp = Math.Max(template?.Hp ?? state.Hp, state.Hp),
            MaxMp = Math.Max(template?.Mp ?? state.Mp, state.Mp),
            Stats = new Stats
            {
                Strength = template?.Strength ?? 0,
                Dexterity = template?.Dexterity ?? 0,
                Intelligence = template?.Intelligence ?? 0,
            },
            StateVersion = character.Version,
        };
    }

    public static Db.CharacterState InitialState(this ClassTemplateOptions template) => new()
    {
        MapId = template.StartMap,
        InstanceId = 0,
        X = template.SpawnX,
        Y = template.SpawnY,
        Z = template.SpawnZ,
        Heading = template.SpawnHeading,
        Hp = template.Hp,
        Mp = template.Mp,
        Level = 1,
        Experience = 0,
    };
}
