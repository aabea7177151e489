using Grpc.Core;

namespace Mmo.CharacterService.Diagnostics;

/// <summary>Source-generated log messages of the CharacterService.</summary>
internal static partial class CharacterLog
{
    [LoggerMessage(1, LogLevel.Warning, "Redis is unavailable for {Operation} of the character list of account {AccountId}; using the DatabaseService.")]
    public static partial void CacheUnavailable(ILogger logger, string operation, long accountId, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Call {Method} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Call {Method}: the DatabaseService answered {StatusCode}.")]
    public static partial void DataStatus(ILogger logger, string method, StatusCode statusCode);

    [LoggerMessage(4, LogLevel.Warning, "Call {Method}: the DatabaseService is unavailable ({StatusCode}).")]
    public static partial void DataUnavailable(ILogger logger, string method, StatusCode statusCode, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "Call {Method}: unexpected answer {StatusCode} from the DatabaseService.")]
    public static partial void DataFailed(ILogger logger, string method, StatusCode statusCode, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Character {CharacterId} ({Name}, {ClassId}) created for account {AccountId}.")]
    public static partial void Created(ILogger logger, long characterId, string name, string classId, long accountId);
}
