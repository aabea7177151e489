using Microsoft.Extensions.Options;
using Mmo.DatabaseService.Features.Errors;
using Mmo.DatabaseService.Internal;
using Npgsql;

namespace Mmo.DatabaseService.Features.ExternalAuth;

/// <summary>
/// Reads the external web app's better-auth tables ("user", session, account; quoted camelCase columns)
/// in the configured schema. Read-only: the web app owns and migrates them.
/// </summary>
internal sealed class ExternalAuthStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _schema;
    private readonly string _findSessionSql;
    private readonly string _getUserSql;
    private readonly string _getCredentialSql;

    public ExternalAuthStore(NpgsqlDataSource dataSource, TimeProvider time, IOptions<DatabaseOptions> options)
    {
        _dataSource = dataSource;
        _time = time;
        _schema = options.Value.ExternalAuthSchema;
        // The schema name is validated as a plain identifier at start-up; quoting keeps its letter case.
        var q = "\"" + _schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        const string UserColumns = "u.id, u.name, u.email, u.\"emailVerified\"";
        _findSessionSql = $"""
            SELECT s.id, s."expiresAt", {UserColumns}
            FROM {q}."session" s JOIN {q}."user" u ON u.id = s."userId"
            WHERE s.token = @token AND s."expiresAt" > @now
            """;
        _getUserSql = $"""SELECT {UserColumns} FROM {q}."user" u WHERE u.id = @id""";
        _getCredentialSql = $"""
            SELECT {UserColumns}, a.password
            FROM {q}."user" u JOIN {q}."account" a ON a."userId" = u.id AND a."providerId" = 'credential'
            WHERE lower(u.email) = lower(@email) AND a.password IS NOT NULL
            ORDER BY a.id LIMIT 1
            """;
    }

    public Task<ExternalSessionRecord> FindSessionAsync(string token, CancellationToken cancellationToken) =>
        QuerySingleAsync(_findSessionSql, c =>
        {
            c.Parameters.AddWithValue("token", token);
            c.Parameters.AddWithValue("now", _time.GetDatabaseNow());
        }, r => new ExternalSessionRecord(r.GetString(0), ReadTimestamp(r, 1), ReadUser(r, 2)), "No unexpired external session has this token.", cancellationToken);

    public Task<ExternalUserRecord> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        QuerySingleAsync(_getUserSql, c => c.Parameters.AddWithValue("id", userId), r => ReadUser(r, 0), "No external user has this id.", cancellationToken);

    public Task<(ExternalUserRecord User, string PasswordHash)> GetCredentialAsync(string email, CancellationToken cancellationToken) =>
        QuerySingleAsync(_getCredentialSql, c => c.Parameters.AddWithValue("email", email), r => (ReadUser(r, 0), r.GetString(4)), "No external user with a password has this e-mail address.", cancellationToken);

    private async Task<T> QuerySingleAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> read, string notFound, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(sql);
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? read(reader) : throw DataException.NotFound(notFound);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.InvalidSchemaName)
        {
            throw DataException.FailedPrecondition($"The external better-auth tables (\"user\", session, account) were not found in schema '{_schema}' (Database:ExternalAuthSchema): {ex.MessageText}.");
        }
    }

    private static ExternalUserRecord ReadUser(NpgsqlDataReader reader, int first) => new(
        reader.GetString(first),
        reader.IsDBNull(first + 1) ? "" : reader.GetString(first + 1),
        reader.IsDBNull(first + 2) ? "" : reader.GetString(first + 2),
        !reader.IsDBNull(first + 3) && reader.GetBoolean(first + 3));

    /// <summary>better-auth may keep "expiresAt" as timestamptz or as timestamp (then UTC by its convention).</summary>
    private static DateTimeOffset ReadTimestamp(NpgsqlDataReader reader, int ordinal)
    {
        var value = reader.GetFieldValue<DateTime>(ordinal);
        return new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());
    }
}
