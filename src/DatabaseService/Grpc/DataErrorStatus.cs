using System.Diagnostics.CodeAnalysis;
using Grpc.Core;
using Mmo.DatabaseService.Features.Errors;
using Mmo.DatabaseService.Internal;

namespace Mmo.DatabaseService.Grpc;

/// <summary>
/// The status (and trailers) a data call ends with for an exception: domain errors by their kind,
/// database errors by <see cref="PostgresErrorClassifier"/>. Details are written for callers and never
/// carry SQL, values or server internals.
/// </summary>
internal static class DataErrorStatus
{
    private static readonly Dictionary<string, string> ConstraintMessages = new(StringComparer.Ordinal)
    {
        ["ux_accounts_name_key"] = "An account with this name already exists.",
        ["ux_accounts_external_user_id"] = "This external user is already linked to an account.",
        ["ux_sessions_token_hash"] = "A session with this token hash already exists.",
        ["ux_game_tickets_ticket_hash"] = "A ticket with this hash already exists.",
        ["ux_characters_name_key"] = "A character with this name already exists.",
        ["fk_sessions_account_id"] = "The account does not exist.",
        ["fk_game_tickets_account_id"] = "The account does not exist.",
        ["fk_characters_account_id"] = "The account does not exist.",
        ["fk_character_state_character_id"] = "The character does not exist.",
    };

    public static bool TryCreate(Exception exception, out Status status, [NotNullWhen(true)] out Metadata? trailers, out string? constraint)
    {
        trailers = [];
        constraint = null;
        if (exception is DataException data)
        {
            status = new Status(ToStatusCode(data.Error), data.Message);
            foreach (var (key, value) in data.Details)
            {
                trailers.Add(key, value);
            }
            return true;
        }
        if (PostgresErrorClassifier.Classify(exception) is not { } code)
        {
            status = default;
            trailers = null;
            return false;
        }
        var postgres = PostgresErrorClassifier.FindPostgresError(exception);
        constraint = postgres?.ConstraintName;
        status = new Status(code, Describe(code, constraint));
        return true;
    }

    private static string Describe(StatusCode code, string? constraint)
    {
        if (constraint is not null && ConstraintMessages.TryGetValue(constraint, out var message))
        {
            return message;
        }
        return code switch
        {
            StatusCode.AlreadyExists => "The record already exists.",
            StatusCode.NotFound => "A record the request refers to does not exist.",
            StatusCode.InvalidArgument => constraint is null ? "A value is out of the range the database accepts." : $"The request breaks the database rule {constraint}.",
            StatusCode.Aborted => "The write conflicted with a concurrent one; retry.",
            StatusCode.FailedPrecondition => "The database lacks a table or column this call needs.",
            StatusCode.DeadlineExceeded => "The database cancelled the statement (statement timeout).",
            _ => "The database is unavailable; retry later.",
        };
    }

    private static StatusCode ToStatusCode(DataError error) => error switch
    {
        DataError.NotFound => StatusCode.NotFound,
        DataError.AlreadyExists => StatusCode.AlreadyExists,
        DataError.FailedPrecondition => StatusCode.FailedPrecondition,
        DataError.Conflict => StatusCode.Aborted,
        DataError.InvalidArgument => StatusCode.InvalidArgument,
        _ => StatusCode.Internal,
    };
}
