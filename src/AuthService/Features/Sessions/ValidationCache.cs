using Microsoft.Extensions.Options;
using Mmo.Auth.V1;
using Mmo.AuthService.Diagnostics;
using Mmo.Redis;

namespace Mmo.AuthService.Features.Sessions;

/// <summary>
/// Session validations cached in Redis (key <c>auth:session:&lt;hex sha-256 of the token&gt;</c>, value the
/// serialized <see cref="ValidateSessionResponse"/>) for <see cref="AuthOptions.ValidationCacheTtl"/> at most, never
/// past the session's expiry. Redis is an optimisation only: when it is missing, down or slow every method
/// behaves as a miss (and logs a warning), so callers go to the database.
/// </summary>
internal sealed class ValidationCache(IServiceProvider services, IOptions<AuthOptions> options, TimeProvider time, AuthMetrics metrics, ILogger<ValidationCache> logger)
{
    private readonly IRedisClient? _redis = services.GetService<IRedisClient>();
    private readonly TimeSpan _ttl = options.Value.ValidationCacheTtl;

    public static string Key(byte[] tokenHash) => "auth:session:" + Convert.ToHexString(tokenHash);

    public async ValueTask<ValidateSessionResponse?> GetAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return null;
        }
        try
        {
            var bytes = await _redis.GetBytesAsync(Key(tokenHash), cancellationToken);
            return bytes is null ? null : ValidateSessionResponse.Parser.ParseFrom(bytes);
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            metrics.RedisFallback();
            AuthLog.RedisUnavailable(logger, "session cache read", ex.GetType().Name);
            return null;
        }
    }

    public async ValueTask SetAsync(byte[] tokenHash, ValidateSessionResponse session, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return;
        }
        var untilExpiry = session.ExpiresAt.ToDateTimeOffset() - time.GetUtcNow();
        var ttl = untilExpiry < _ttl ? untilExpiry : _ttl;
        if (ttl < TimeSpan.FromSeconds(1))
        {
            return;
        }
        try
        {
            await _redis.SetAsync(Key(tokenHash), Google.Protobuf.MessageExtensions.ToByteArray(session), new RedisSetOptions(Expiry: ttl), cancellationToken);
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            metrics.RedisFallback();
            AuthLog.RedisUnavailable(logger, "session cache write", ex.GetType().Name);
        }
    }

    /// <summary>Drops cached validations (logout, ban). With Redis down there is nothing to drop that could be read either.</summary>
    public async ValueTask RemoveAsync(IEnumerable<byte[]> tokenHashes, CancellationToken cancellationToken)
    {
        var keys = tokenHashes.Select(Key).ToArray();
        if (_redis is null || keys.Length == 0)
        {
            return;
        }
        try
        {
            await _redis.DelAsync(keys, cancellationToken);
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            // A validation cached before the outage may outlive the logout by at most the cache TTL.
            metrics.RedisFallback();
            AuthLog.RedisUnavailable(logger, "session cache invalidation", ex.GetType().Name);
        }
    }
}
