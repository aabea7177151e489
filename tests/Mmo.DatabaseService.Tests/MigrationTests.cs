using Microsoft.Extensions.Logging.Abstractions;
using Mmo.DatabaseService.Migrations;
using Mmo.DatabaseService.Tests.Infrastructure;
using Npgsql;

namespace Mmo.DatabaseService.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture fixture)
{
    [Fact]
    public void EmbeddedMigrations_Load_AreNumberedFromOneInOrder()
    {
        var migrations = EmbeddedMigrations.Load();

        Assert.NotEmpty(migrations);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal("0001_initial", migrations[0].Name);
        Assert.All(migrations, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));
    }

    [Fact]
    public async Task Migrate_FreshDatabase_AppliesAllAndRecordsThem()
    {
        await using var data = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("fresh"));
        var migrator = NewMigrator(data, EmbeddedMigrations.Load());

        var applied = await migrator.MigrateAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(migrator.Migrations, applied);
        Assert.Equal(migrator.Migrations.Select(m => (m.Version, m.Name, m.Checksum)), await HistoryAsync(data));
        Assert.Equal(5L, await ScalarAsync<long>(data, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mmo' AND table_name <> 'schema_migrations'"));
    }

    [Fact]
    public async Task Migrate_RunAgain_AppliesNothingAndChangesNothing()
    {
        await using var data = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("rerun"));
        var migrator = NewMigrator(data, EmbeddedMigrations.Load());
        await migrator.MigrateAsync(CancellationToken.None).DefaultTimeout();
        var before = await HistoryAsync(data);

        var applied = await migrator.MigrateAsync(CancellationToken.None).DefaultTimeout();

        Assert.Empty(applied);
        Assert.Empty(await migrator.GetPendingAsync(CancellationToken.None));
        Assert.Equal(before, await HistoryAsync(data));
    }

    [Fact]
    public async Task Migrate_TwoMigratorsAtOnce_EachMigrationAppliedOnce()
    {
        var connectionString = await fixture.CreateDatabaseAsync("concurrent");
        // A slow second migration that would fail if it ran twice: the second migrator must wait for the lock.
        var migrations = EmbeddedMigrations.Load().Append(new Migration(99, "0099_slow_probe", "SELECT pg_sleep(0.5); CREATE TABLE mmo.race_probe (id integer);")).ToList();
        await using var first = NpgsqlDataSource.Create(connectionString);
        await using var second = NpgsqlDataSource.Create(connectionString);

        var results = await Task.WhenAll(
            NewMigrator(first, migrations).MigrateAsync(CancellationToken.None),
            NewMigrator(second, migrations).MigrateAsync(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(migrations.Count, results.Sum(r => r.Count));
        Assert.Equal(migrations.Select(m => m.Version), (await HistoryAsync(first)).Select(h => h.Version));
    }

    [Fact]
    public async Task Migrate_AppliedMigrationEdited_RefusedNamingItAndAppliesNothing()
    {
        await using var data = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("tamper"));
        var original = EmbeddedMigrations.Load();
        await NewMigrator(data, original).MigrateAsync(CancellationToken.None).DefaultTimeout();
        var edited = original.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\nALTER TABLE mmo.accounts ADD COLUMN sneaky integer;" } : m)
            .Append(new Migration(50, "0050_next", "CREATE TABLE mmo.next_thing (id integer);"))
            .ToList();

        var ex = await Assert.ThrowsAsync<MigrationException>(() => NewMigrator(data, edited).MigrateAsync(CancellationToken.None)).DefaultTimeout();

        Assert.Contains("0001_initial.sql was changed after it was applied", ex.Message);
        Assert.Contains("never be edited", ex.Message);
        Assert.False(await ScalarAsync<bool>(data, "SELECT to_regclass('mmo.next_thing') IS NOT NULL"));
        Assert.Equal(original.Count, (await HistoryAsync(data)).Count);
    }

    [Fact]
    public async Task Migrate_NewMigrationNumberedBelowAnApplied_Refused()
    {
        await using var data = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("order"));
        var applied = EmbeddedMigrations.Load().Append(new Migration(90, "0090_later", "SELECT 1;")).ToList();
        await NewMigrator(data, applied).MigrateAsync(CancellationToken.None).DefaultTimeout();
        var withLateInsert = applied.Append(new Migration(80, "0080_late", "SELECT 1;")).OrderBy(m => m.Version).ToList();

        var ex = await Assert.ThrowsAsync<MigrationException>(() => NewMigrator(data, withLateInsert).MigrateAsync(CancellationToken.None)).DefaultTimeout();

        Assert.Contains("0080_late.sql is not applied, but the later migration 0090 is", ex.Message);
    }

    [Fact]
    public void Migration_Checksum_IgnoresLineEndingStyle()
    {
        Assert.Equal(Migration.ComputeChecksum("SELECT 1;\nSELECT 2;\n"), Migration.ComputeChecksum("SELECT 1;\r\nSELECT 2;\r\n"));
        Assert.NotEqual(Migration.ComputeChecksum("SELECT 1;"), Migration.ComputeChecksum("SELECT 2;"));
    }

    private static Migrator NewMigrator(NpgsqlDataSource data, IReadOnlyList<Migration> migrations) => new(data, migrations, NullLogger<Migrator>.Instance);

    private static async Task<List<(int Version, string Name, string Checksum)>> HistoryAsync(NpgsqlDataSource data)
    {
        await using var command = data.CreateCommand("SELECT version, name, checksum FROM mmo.schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }
        return rows;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
