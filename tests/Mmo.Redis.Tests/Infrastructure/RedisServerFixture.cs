namespace Mmo.Redis.Tests.Infrastructure;

/// <summary>One redis-server shared by the tests of the <see cref="RedisCollection"/>, which use unique keys.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync().DefaultTimeout();

    public Task DisposeAsync() => Server.DisposeAsync().DefaultTimeout();
}

/// <summary>Tests against the shared server (run one class at a time, in parallel with the fault tests' own servers).</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "Shared redis-server";
}
