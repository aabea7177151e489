using Mmo.DatabaseService.Tests.Infrastructure;
using Mmo.IntegrationTests;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.AuthService.Tests.Infrastructure;

/// <summary>One private PostgreSQL, one DatabaseService process and one redis-server shared by the tests (which use unique names), plus the AuthService in memory.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    internal PostgresServer Postgres { get; private set; } = null!;

    internal string ConnectionString { get; private set; } = "";

    internal ServiceProcess Database { get; private set; } = null!;

    internal RedisServer Redis { get; private set; } = null!;

    internal AuthHost Auth { get; private set; } = null!;

    public const string ExternalSecret = "test-better-auth-secret";

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync($"auth_{Guid.NewGuid():N}");
        Database = ServiceProcess.Start("DatabaseService", new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = ConnectionString });
        Redis = await RedisServer.StartAsync();
        Auth = await StartAuthAsync(Redis.EndPoint);
    }

    internal Task<AuthHost> StartAuthAsync(string? redisEndPoint) => AuthHost.StartAsync(Database.GrpcPort, redisEndPoint, new Dictionary<string, string>
    {
        ["Auth:ExternalSessions:Enabled"] = "true",
        ["Auth:ExternalSessions:Secret"] = ExternalSecret,
    });

    public async Task DisposeAsync()
    {
        await Auth.DisposeAsync();
        await Database.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

/// <summary>The tests sharing <see cref="ClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Auth cluster";
}
