namespace Mmo.DatabaseService.Features.Characters;

/// <summary>One character's state to save if its stored version is still <paramref name="ExpectedVersion"/>.</summary>
internal readonly record struct CharacterStateSave(long CharacterId, long ExpectedVersion, CharacterStateValues State);
