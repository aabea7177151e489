using System.Net.Sockets;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mmo.DatabaseService.Internal;

/// <summary>
/// What a database exception means for the caller: the one place that reads SQLSTATEs. Errors that say
/// "the server cannot be used right now" (connection refused or broken, shutdown, too many
/// connections, timeouts, bad credentials) are UNAVAILABLE; rule violations get their exact status.
/// </summary>
internal static class PostgresErrorClassifier
{
    /// <summary>The status for <paramref name="exception"/>, or null when it is not a database error we know.</summary>
    public static StatusCode? Classify(Exception exception) => Unwrap(exception) switch
    {
        DbUpdateConcurrencyException => StatusCode.Aborted,
        PostgresException postgres => Classify(postgres.SqlState),
        NpgsqlException or TimeoutException or SocketException or IOException => StatusCode.Unavailable,
        _ => null,
    };

    public static bool IsUnavailable(Exception exception) => Classify(exception) == StatusCode.Unavailable;

    /// <summary>The PostgreSQL error inside <paramref name="exception"/>, if any (EF wraps them).</summary>
    public static PostgresException? FindPostgresError(Exception exception) => Unwrap(exception) as PostgresException;

    private static StatusCode? Classify(string sqlState) => sqlState switch
    {
        PostgresErrorCodes.UniqueViolation => StatusCode.AlreadyExists,
        PostgresErrorCodes.ForeignKeyViolation => StatusCode.NotFound,
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => StatusCode.Aborted,
        PostgresErrorCodes.QueryCanceled => StatusCode.DeadlineExceeded,
        PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.InvalidSchemaName => StatusCode.FailedPrecondition,
        PostgresErrorCodes.InvalidCatalogName => StatusCode.Unavailable, // the database does not exist (yet)
        // 23 integrity (check, not-null, exclusion), 22 data exceptions (too long, out of range, bad text encoding).
        _ when sqlState.StartsWith("23", StringComparison.Ordinal) || sqlState.StartsWith("22", StringComparison.Ordinal) => StatusCode.InvalidArgument,
        // 08 connection, 53 insufficient resources, 57P0x shutdown/crash/starting, 28 bad credentials.
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
            || sqlState.StartsWith("57P", StringComparison.Ordinal) || sqlState.StartsWith("28", StringComparison.Ordinal) => StatusCode.Unavailable,
        _ => null,
    };

    private static Exception Unwrap(Exception exception)
    {
        // EF wraps provider errors in DbUpdateException (or InvalidOperationException); Npgsql wraps I/O errors.
        var current = exception;
        while (current is DbUpdateException { InnerException: not null } and not DbUpdateConcurrencyException
               || (current is InvalidOperationException { InnerException: NpgsqlException or DbUpdateException } && current.InnerException is not null))
        {
            current = current.InnerException!;
        }
        return current;
    }
}
