using Microsoft.Extensions.DependencyInjection;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class DependencyInjectionTests(RedisServerFixture fixture)
{
    [Fact]
    public async Task AddRedis_ConnectionString_RegistersOneWorkingClient()
    {
        var provider = new ServiceCollection().AddLogging().AddRedis(fixture.Server.EndPoint).BuildServiceProvider();
        try
        {
            var client = provider.GetRequiredService<IRedisClient>();

            Assert.Same(client, provider.GetRequiredService<IRedisClient>());
            await client.PingAsync().DefaultTimeout();
        }
        finally
        {
            await provider.DisposeAsync().DefaultTimeout();
        }
    }

    [Fact]
    public void AddRedis_InvalidConnectionString_FailsAtRegistration()
    {
        var error = Assert.Throws<FormatException>(() => new ServiceCollection().AddRedis("localhost,databse=1"));

        Assert.Contains("unknown setting 'databse'", error.Message);
    }
}
