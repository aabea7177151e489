using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;
using Mmo.Grpc.Client;
using Mmo.IntegrationTests;
using Npgsql;

namespace Mmo.DatabaseService.Tests;

/// <summary>The service as built, run as a process: the migrate command, start-up validation, and a real listening service.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ProcessTests(PostgresFixture fixture)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MigrateCommand_FreshDatabase_AppliesAndExitsZero()
    {
        var connectionString = await fixture.CreateDatabaseAsync("cli");

        await using var process = ServiceProcess.Start("DatabaseService", new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString }, ["migrate"]);
        await process.WaitForExitAsync(ExitTimeout);

        Assert.True(process.ExitCode == 0, process.Output);
        Assert.Contains("Applied migration 0001_initial", process.Output);
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM mmo.schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task MigrateCommand_EditedAppliedMigration_ExitsOneNamingTheFile()
    {
        var connectionString = await fixture.CreateDatabaseAsync("cli_tamper");
        await using (var first = ServiceProcess.Start("DatabaseService", new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString }, ["migrate"]))
        {
            await first.WaitForExitAsync(ExitTimeout);
            Assert.True(first.ExitCode == 0, first.Output);
        }
        // As if 0001_initial.sql had been edited after it was applied.
        await ScalarAsync(connectionString, "UPDATE mmo.schema_migrations SET checksum = repeat('0', 64) WHERE version = 1 RETURNING 1::bigint");

        await using var process = ServiceProcess.Start("DatabaseService", new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString }, ["migrate"]);
        await process.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("0001_initial.sql was changed after it was applied", process.Output);
    }

    [Fact]
    public async Task Service_EditedAppliedMigration_StopsWithExitCodeOne()
    {
        var connectionString = await fixture.CreateDatabaseAsync("svc_tamper");
        await using (var first = ServiceProcess.Start("DatabaseService", new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString }, ["migrate"]))
        {
            await first.WaitForExitAsync(ExitTimeout);
        }
        await ScalarAsync(connectionString, "UPDATE mmo.schema_migrations SET checksum = repeat('0', 64) WHERE version = 1 RETURNING 1::bigint");

        await using var process = ServiceProcess.Start("DatabaseService", new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString });
        await process.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Migrations refused: Migration 0001_initial.sql was changed after it was applied", process.Output);
    }

    [Theory]
    [InlineData(null, "ConnectionStrings:Postgres is required")]
    [InlineData("Host=127.0.0.1;Nonsense=1", "ConnectionStrings:Postgres is not a valid PostgreSQL connection string")]
    [InlineData("Username=postgres;Database=x", "ConnectionStrings:Postgres names no Host")]
    public async Task Service_BadConnectionString_ExitsNamingTheSetting(string? connectionString, string message)
    {
        var environment = new Dictionary<string, string>();
        if (connectionString is not null)
        {
            environment["ConnectionStrings__Postgres"] = connectionString;
        }

        await using var process = ServiceProcess.Start("DatabaseService", environment);
        await process.WaitForExitAsync(ExitTimeout);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains(message, process.Output);
    }

    [Fact]
    public async Task Service_Started_MigratesServesAndIsReady()
    {
        var connectionString = await fixture.CreateDatabaseAsync("proc");
        await using var process = ServiceProcess.Start("DatabaseService", new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString });
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{process.GrpcPort}");
        var accounts = new Accounts.AccountsClient(channel);
        var headers = new Metadata { { "x-internal-key", "mmo-development-internal-key-do-not-use-in-production" } };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        Account? created = null;
        var giveUpAt = DateTime.UtcNow.AddSeconds(60);
        while (created is null && DateTime.UtcNow < giveUpAt)
        {
            try
            {
                created = await accounts.CreateAccountAsync(new CreateAccountRequest { Name = "process" }, headers, DateTime.UtcNow.AddSeconds(5));
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                await Task.Delay(100);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
                // An earlier attempt that ran out of time on a busy machine did commit.
                created = await accounts.GetAccountByNameAsync(new GetAccountByNameRequest { Name = "process" }, headers, DateTime.UtcNow.AddSeconds(5));
            }
        }
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => accounts.GetAccountAsync(new GetAccountRequest { AccountId = 1 }, deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync);
        // Readiness checks run on their own; on a busy machine the first one may still be in progress.
        var ready = await http.GetAsync($"http://127.0.0.1:{process.HttpPort}/readyz");
        while (ready.StatusCode != System.Net.HttpStatusCode.OK && DateTime.UtcNow < giveUpAt)
        {
            await Task.Delay(200);
            ready = await http.GetAsync($"http://127.0.0.1:{process.HttpPort}/readyz");
        }

        Assert.True(created is not null, process.Output);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var command = data.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
