using Microsoft.Extensions.Logging;

namespace Mmo.DatabaseService.Diagnostics;

internal static partial class MigrationLog
{
    [LoggerMessage(100, LogLevel.Information, "Applied migration {Name} in {ElapsedMs} ms.")]
    public static partial void Applied(ILogger logger, string name, long elapsedMs);

    [LoggerMessage(101, LogLevel.Information, "Database schema is at version {Version} ({AppliedCount} migrations applied now).")]
    public static partial void UpToDate(ILogger logger, int version, int appliedCount);

    [LoggerMessage(102, LogLevel.Information, "Another instance holds the migration lock; waiting for it to finish.")]
    public static partial void WaitingForLock(ILogger logger);

    [LoggerMessage(103, LogLevel.Warning, "The database has migration {Version} ({Name}), which this build does not know: a newer build applied it. Continuing.")]
    public static partial void UnknownApplied(ILogger logger, int version, string name);

    [LoggerMessage(104, LogLevel.Debug, "Could not release the migration lock; the connection is gone, and the lock with it.")]
    public static partial void UnlockFailed(ILogger logger, Exception exception);

    [LoggerMessage(105, LogLevel.Warning, "PostgreSQL is not reachable for migrations; retrying in {RetrySeconds} s.")]
    public static partial void DatabaseUnreachable(ILogger logger, double retrySeconds, Exception exception);

    [LoggerMessage(106, LogLevel.Critical, "Migrations refused: {Reason} The service stops.")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(107, LogLevel.Critical, "Migrations failed; the service stops.")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(108, LogLevel.Warning, "{PendingCount} migrations are pending and Database:MigrateOnStartup is false: run 'dotnet Mmo.DatabaseService.dll migrate'. Not ready until then; checking again in {RetrySeconds} s.")]
    public static partial void Pending(ILogger logger, int pendingCount, double retrySeconds);

    [LoggerMessage(109, LogLevel.Critical, "Invalid configuration: {Message}")]
    public static partial void InvalidConfiguration(ILogger logger, string message);
}
