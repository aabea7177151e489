namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the <see cref="PostgresCollection"/>, with one in-memory DatabaseService on a
/// migrated database ("mmo_api") that the API tests share. Tests keep apart by creating their own accounts
/// and names; tests that need a database of their own create one on <see cref="Server"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static int _databases;

    internal PostgresServer Server { get; private set; } = null!;

    internal DatabaseServiceHost Host { get; private set; } = null!;

    internal string ConnectionString { get; private set; } = null!;

    /// <summary>A new, empty database on the server; returns its connection string.</summary>
    internal Task<string> CreateDatabaseAsync(string purpose) =>
        Server.CreateDatabaseAsync($"{purpose}_{Interlocked.Increment(ref _databases)}");

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartAsync();
        ConnectionString = await Server.CreateDatabaseAsync("mmo_api");
        Host = await DatabaseServiceHost.StartAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>Tests sharing <see cref="PostgresFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
