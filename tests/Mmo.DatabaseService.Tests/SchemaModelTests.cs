using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Migrations;
using Mmo.DatabaseService.Tests.Infrastructure;
using Npgsql;

namespace Mmo.DatabaseService.Tests;

/// <summary>
/// The EF model and the SQL migrations describe one schema. One database gets the migrations, another the
/// script EF generates from the model; their catalogs (columns with types, nullability, defaults, identity
/// and generation; keys, foreign keys and checks as PostgreSQL prints them; indexes) must be identical.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaModelTests(PostgresFixture fixture)
{
    private const string ColumnsSql = """
        SELECT table_name || '.' || column_name || ' ' || udt_name || coalesce('(' || character_maximum_length || ')', '')
            || CASE WHEN is_nullable = 'YES' THEN ' null' ELSE ' not null' END
            || coalesce(' default ' || column_default, '')
            || CASE WHEN is_identity = 'YES' THEN ' identity ' || identity_generation ELSE '' END
            || CASE WHEN is_generated = 'ALWAYS' THEN ' generated ' || generation_expression ELSE '' END
        FROM information_schema.columns WHERE table_schema = 'mmo' AND table_name <> 'schema_migrations'
        """;

    private const string ConstraintsSql = """
        SELECT t.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'mmo' AND t.relname <> 'schema_migrations'
        """;

    private const string IndexesSql = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'mmo' AND tablename <> 'schema_migrations'";

    [Fact]
    public async Task EfModel_AndMigratedSchema_Agree()
    {
        await using var migrated = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("migrated"));
        await using var modelled = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("modelled"));
        await new Migrator(migrated, EmbeddedMigrations.Load(), NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None).DefaultTimeout();
        await using (var context = new MmoDbContext(new DbContextOptionsBuilder<MmoDbContext>().UseNpgsql(modelled).Options))
        {
            await using var create = modelled.CreateCommand(context.Database.GenerateCreateScript());
            await create.ExecuteNonQueryAsync();
        }

        foreach (var sql in new[] { ColumnsSql, ConstraintsSql, IndexesSql })
        {
            var fromModel = await ReadSortedAsync(modelled, sql);
            var fromMigrations = await ReadSortedAsync(migrated, sql);

            Assert.NotEmpty(fromModel);
            Assert.Equal(fromModel, fromMigrations);
        }
    }

    [Fact]
    public async Task Schema_CaseVariantNames_RefusedByTheDatabaseItself()
    {
        await using var data = NpgsqlDataSource.Create(fixture.ConnectionString);
        var name = $"Db{Guid.NewGuid():N}"[..20];

        await using var first = data.CreateCommand($"INSERT INTO mmo.accounts (name, is_guest, created_at) VALUES ('{name}', false, now())");
        await first.ExecuteNonQueryAsync();
        await using var second = data.CreateCommand($"INSERT INTO mmo.accounts (name, is_guest, created_at) VALUES ('{name.ToUpperInvariant()}', false, now())");
        var ex = await Assert.ThrowsAsync<PostgresException>(() => second.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
        Assert.Equal("ux_accounts_name_key", ex.ConstraintName);
    }

    [Theory]
    [InlineData("level = 0", "ck_character_state_level")]
    [InlineData("hp = -1", "ck_character_state_hp")]
    [InlineData("heading = 360", "ck_character_state_heading")]
    [InlineData("position_x = 'NaN'", "ck_character_state_position_finite")]
    public async Task Schema_CharacterStateRules_CheckedByTheDatabaseItself(string assignment, string constraint)
    {
        await using var data = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var setUp = data.CreateCommand($"""
            WITH a AS (INSERT INTO mmo.accounts (name, is_guest, created_at) VALUES ('ck{Guid.NewGuid():N}'::varchar(20), false, now()) RETURNING id),
                 c AS (INSERT INTO mmo.characters (account_id, name, class_id, created_at) SELECT id, substr('ck{Guid.NewGuid():N}', 1, 20), 'knight', now() FROM a RETURNING id)
            INSERT INTO mmo.character_state (character_id, map_id, instance_id, position_x, position_y, position_z, heading, hp, mp, level, experience, version, saved_at)
                SELECT id, 'm', 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, now() FROM c RETURNING character_id
            """);
        var characterId = (long)(await setUp.ExecuteScalarAsync())!;
        await using var update = data.CreateCommand($"UPDATE mmo.character_state SET {assignment} WHERE character_id = {characterId}");

        var ex = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
        Assert.Equal(constraint, ex.ConstraintName);
    }

    private static async Task<List<string>> ReadSortedAsync(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
