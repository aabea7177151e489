using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mmo.Redis;

/// <summary>Registers the Redis client.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="IRedisClient"/> for the process (a singleton, disposed with the container),
    /// configured by <paramref name="connectionString"/> (see <see cref="RedisOptions.Parse"/>), which is checked now:
    /// a bad one fails at start-up with a <see cref="FormatException"/> that says what is wrong.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = RedisOptions.Parse(connectionString);
        services.TryAddSingleton<IRedisClient>(provider => new RedisClient(
            options,
            provider.GetService<ILogger<RedisClient>>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
