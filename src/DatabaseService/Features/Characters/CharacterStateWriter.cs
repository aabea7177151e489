using System.Globalization;
using Mmo.DatabaseService.Features.Errors;
using Mmo.DatabaseService.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Mmo.DatabaseService.Features.Characters;

/// <summary>
/// Saves character states in batches: one transaction, two statements, all or nothing. The rows are
/// first locked in id order (so two overlapping batches cannot deadlock) and their versions compared
/// with what the caller expects; only when every one matches does one UPDATE over unnest()ed arrays
/// write them all and bump each version. A concurrent save of the same row waits for the lock and
/// then sees the new version, so no update is lost.
/// </summary>
internal sealed class CharacterStateWriter(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Trailer listing the characters whose version did not match, comma-separated.</summary>
    public const string ConflictingIdsTrailer = "mmo-conflicting-character-ids";

    private const string LockSql = """
        SELECT character_id, version FROM mmo.character_state
        WHERE character_id = ANY(@ids) ORDER BY character_id FOR NO KEY UPDATE
        """;

    private const string UpdateSql = """
        UPDATE mmo.character_state AS s SET
            map_id = u.map_id, instance_id = u.instance_id,
            position_x = u.position_x, position_y = u.position_y, position_z = u.position_z, heading = u.heading,
            hp = u.hp, mp = u.mp, level = u.level, experience = u.experience,
            version = s.version + 1, saved_at = @now
        FROM unnest(@ids, @map_ids, @instance_ids, @xs, @ys, @zs, @headings, @hps, @mps, @levels, @experiences)
            AS u(character_id, map_id, instance_id, position_x, position_y, position_z, heading, hp, mp, level, experience)
        WHERE s.character_id = u.character_id
        """;

    /// <summary>Saves every state or none; returns the new versions in the order of <paramref name="saves"/>.</summary>
    public async Task<(long[] Versions, DateTimeOffset SavedAt)> SaveAsync(IReadOnlyList<CharacterStateSave> saves, CancellationToken cancellationToken)
    {
        var sorted = saves.OrderBy(s => s.CharacterId).ToArray();
        var ids = System.Array.ConvertAll(sorted, s => s.CharacterId);
        var now = time.GetDatabaseNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await LockVersionsAsync(connection, transaction, ids, cancellationToken);
        CheckVersions(sorted, stored);
        await using (var update = new NpgsqlCommand(UpdateSql, connection, transaction))
        {
            AddStateArrays(update.Parameters, sorted, ids);
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
            var written = await update.ExecuteNonQueryAsync(cancellationToken);
            if (written != sorted.Length)
            {
                throw new InvalidOperationException($"Wrote {written} of {sorted.Length} locked character states.");
            }
        }
        await transaction.CommitAsync(cancellationToken);
        var versions = new long[saves.Count];
        for (var i = 0; i < saves.Count; i++)
        {
            versions[i] = saves[i].ExpectedVersion + 1;
        }
        return (versions, now);
    }

    private static async Task<Dictionary<long, long>> LockVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LockSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ids });
        var versions = new Dictionary<long, long>(ids.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt64(0), reader.GetInt64(1));
        }
        return versions;
    }

    private static void CheckVersions(CharacterStateSave[] sorted, Dictionary<long, long> stored)
    {
        var missing = sorted.Where(s => !stored.ContainsKey(s.CharacterId)).Select(s => s.CharacterId).ToList();
        if (missing.Count > 0)
        {
            throw DataException.NotFound($"No character has id {JoinIds(missing)}; nothing was saved.");
        }
        var conflicting = sorted.Where(s => stored[s.CharacterId] != s.ExpectedVersion).Select(s => s.CharacterId).ToList();
        if (conflicting.Count > 0)
        {
            throw DataException.Conflict(
                $"{conflicting.Count} of {sorted.Length} characters were saved by someone else since the expected version; nothing was saved. Reload them and retry.",
                new Dictionary<string, string> { [ConflictingIdsTrailer] = JoinIds(conflicting) });
        }
    }

    private static void AddStateArrays(NpgsqlParameterCollection parameters, CharacterStateSave[] sorted, long[] ids)
    {
        parameters.Add(new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ids });
        parameters.Add(ArrayOf("map_ids", NpgsqlDbType.Text, sorted, s => s.State.MapId));
        parameters.Add(ArrayOf("instance_ids", NpgsqlDbType.Bigint, sorted, s => s.State.InstanceId));
        parameters.Add(ArrayOf("xs", NpgsqlDbType.Real, sorted, s => s.State.X));
        parameters.Add(ArrayOf("ys", NpgsqlDbType.Real, sorted, s => s.State.Y));
        parameters.Add(ArrayOf("zs", NpgsqlDbType.Real, sorted, s => s.State.Z));
        parameters.Add(ArrayOf("headings", NpgsqlDbType.Real, sorted, s => s.State.Heading));
        parameters.Add(ArrayOf("hps", NpgsqlDbType.Integer, sorted, s => s.State.Hp));
        parameters.Add(ArrayOf("mps", NpgsqlDbType.Integer, sorted, s => s.State.Mp));
        parameters.Add(ArrayOf("levels", NpgsqlDbType.Integer, sorted, s => s.State.Level));
        parameters.Add(ArrayOf("experiences", NpgsqlDbType.Bigint, sorted, s => s.State.Experience));
    }

    private static NpgsqlParameter<T[]> ArrayOf<T>(string name, NpgsqlDbType elementType, CharacterStateSave[] saves, Func<CharacterStateSave, T> select) =>
        new(name, NpgsqlDbType.Array | elementType) { TypedValue = System.Array.ConvertAll(saves, s => select(s)) };

    private static string JoinIds(IEnumerable<long> ids) => string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
}
