namespace Mmo.CharacterService.Features.Characters;

/// <summary>What kind of rule a request broke; <see cref="Grpc.CharacterErrorInterceptor"/> maps each to one gRPC status.</summary>
public enum CharacterError
{
    /// <summary>A field is missing, malformed or out of range (INVALID_ARGUMENT).</summary>
    InvalidArgument,

    /// <summary>The name is taken (ALREADY_EXISTS).</summary>
    NameTaken,
}
