namespace Mmo.DatabaseService.Features.Characters;

/// <summary>A character to create. <paramref name="MaxCharacters"/> 0 means no per-account limit.</summary>
internal sealed record NewCharacter(long AccountId, string Name, string ClassId, CharacterStateValues State, int MaxCharacters);
