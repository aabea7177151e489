using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Mmo.DatabaseService.Diagnostics;
using Npgsql;

namespace Mmo.DatabaseService.Migrations;

/// <summary>
/// Applies the versioned SQL migrations in order, each in its own transaction, and records them in
/// <c>mmo.schema_migrations</c> with their checksum. Runs under a PostgreSQL session advisory lock, so
/// replicas starting together apply each migration once: the others wait, then find nothing to do.
/// An applied migration whose file changed since is refused, as is a new migration numbered below
/// an applied one; nothing is applied then.
/// </summary>
internal sealed class Migrator(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger<Migrator> logger)
{
    /// <summary>The advisory lock key: the bytes of "mmo.migr", shared by every version of the service.</summary>
    public const long LockKey = 0x6D6D6F2E6D696772;

    private const string HistoryDdl = """
        CREATE SCHEMA IF NOT EXISTS mmo;
        CREATE TABLE IF NOT EXISTS mmo.schema_migrations (
            version      integer      NOT NULL PRIMARY KEY,
            name         varchar(200) NOT NULL,
            checksum     char(64)     NOT NULL,
            applied_at   timestamptz  NOT NULL DEFAULT now(),
            execution_ms integer      NOT NULL
        );
        """;

    public IReadOnlyList<Migration> Migrations => migrations;

    /// <summary>Applies what is pending; returns the migrations this call applied (none when up to date).</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await AcquireLockAsync(connection, cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, HistoryDdl, cancellationToken);
            var pending = Plan(await ReadHistoryAsync(connection, cancellationToken));
            foreach (var migration in pending)
            {
                await ApplyAsync(connection, migration, cancellationToken);
            }
            MigrationLog.UpToDate(logger, migrations.Count == 0 ? 0 : migrations[^1].Version, pending.Count);
            return pending;
        }
        finally
        {
            await ReleaseLockAsync(connection);
        }
    }

    /// <summary>What <see cref="MigrateAsync"/> would apply, checked against the history; applies nothing.</summary>
    public async Task<IReadOnlyList<Migration>> GetPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('mmo.schema_migrations') IS NOT NULL", connection);
        var hasHistory = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
        return hasHistory ? Plan(await ReadHistoryAsync(connection, cancellationToken)) : migrations;
    }

    private List<Migration> Plan(IReadOnlyList<(int Version, string Name, string Checksum)> applied)
    {
        var known = migrations.ToDictionary(m => m.Version);
        foreach (var (version, name, checksum) in applied)
        {
            if (!known.TryGetValue(version, out var migration))
            {
                MigrationLog.UnknownApplied(logger, version, name);
                continue;
            }
            if (migration.Checksum != checksum.Trim() || migration.Name != name)
            {
                throw new MigrationException(
                    $"Migration {migration.Name}.sql was changed after it was applied: the database recorded '{name}' with checksum {checksum.Trim()}, " +
                    $"this build has checksum {migration.Checksum}. Applied migrations must never be edited: undo the edit and put the change in a new migration file.");
            }
        }
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        var lastApplied = applied.Count == 0 ? 0 : applied.Max(a => a.Version);
        var pending = migrations.Where(m => !appliedVersions.Contains(m.Version)).ToList();
        if (pending.FirstOrDefault(m => m.Version < lastApplied) is { } late)
        {
            throw new MigrationException(
                $"Migration {late.Name}.sql is not applied, but the later migration {lastApplied:D4} is: number new migrations after the last applied one.");
        }
        return pending;
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await using var record = new NpgsqlCommand(
            "INSERT INTO mmo.schema_migrations (version, name, checksum, execution_ms) VALUES (@version, @name, @checksum, @ms)", connection, transaction);
        record.Parameters.AddWithValue("version", migration.Version);
        record.Parameters.AddWithValue("name", migration.Name);
        record.Parameters.AddWithValue("checksum", migration.Checksum);
        record.Parameters.AddWithValue("ms", (int)Math.Min(elapsed.TotalMilliseconds, int.MaxValue));
        await record.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        MigrationLog.Applied(logger, migration.Name, (long)elapsed.TotalMilliseconds);
    }

    private static async Task<IReadOnlyList<(int Version, string Name, string Checksum)>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM mmo.schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(int, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }
        return rows;
    }

    private async Task AcquireLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection);
        if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
        {
            return;
        }
        MigrationLog.WaitingForLock(logger);
        await using var wait = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection) { CommandTimeout = 0 };
        await wait.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ReleaseLockAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            // The connection is broken: the server ended the session, and with it the lock.
            MigrationLog.UnlockFailed(logger, ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
