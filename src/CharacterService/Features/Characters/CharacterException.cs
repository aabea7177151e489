namespace Mmo.CharacterService.Features.Characters;

/// <summary>A request broke a character rule; the message is safe to show to the player.</summary>
public sealed class CharacterException(CharacterError error, string message) : Exception(message)
{
    /// <summary>The rule broken.</summary>
    public CharacterError Error { get; } = error;
}
