using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Mmo.DatabaseService.Diagnostics;

internal static partial class DatabaseLog
{
    [LoggerMessage(1, LogLevel.Debug, "{Method} ended with {StatusCode}: {Detail}")]
    public static partial void Mapped(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(2, LogLevel.Warning, "{Method} failed: PostgreSQL is unavailable ({Reason}); answered UNAVAILABLE.")]
    public static partial void Unavailable(ILogger logger, string method, string reason, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "{Method} was refused: the schema is not ready yet.")]
    public static partial void SchemaNotReady(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Warning, "{Method} broke the database rule {Constraint}; answered {StatusCode}.")]
    public static partial void RuleViolated(ILogger logger, string method, string constraint, StatusCode statusCode);
}
