using Microsoft.Extensions.Options;
using Mmo.AuthService.Diagnostics;
using Mmo.Redis;

namespace Mmo.AuthService.Features.BruteForce;

/// <summary>
/// Brute-force protection of the login: failure counters per account name and per IP address in Redis
/// (<c>auth:fail:{acct|ip}:…</c>, INCR + EXPIRE, so they hold across replicas). From the limit on, each
/// failure sets a lock (<c>auth:lock:…</c>) whose length doubles per failure up to a maximum; a locked login
/// answers 429 with Retry-After. When Redis is down the login is allowed (fail open): the slow password hash
/// still bounds guessing, and refusing every player during a cache outage would be worse.
/// </summary>
internal sealed class LoginThrottle(IServiceProvider services, IOptions<AuthOptions> options, AuthMetrics metrics, ILogger<LoginThrottle> logger)
{
    private readonly IRedisClient? _redis = services.GetService<IRedisClient>();
    private readonly LoginThrottleOptions _options = options.Value.LoginThrottle;

    /// <summary>How long the caller must wait, or null when the login may be tried.</summary>
    public async ValueTask<TimeSpan?> RetryAfterAsync(string username, string ip, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return null;
        }
        try
        {
            var account = await _redis.TtlAsync(LockKey("acct", username), cancellationToken);
            var address = await _redis.TtlAsync(LockKey("ip", ip), cancellationToken);
            var wait = Max(account, address);
            return wait > TimeSpan.Zero ? wait : null;
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            metrics.RedisFallback();
            AuthLog.RedisUnavailable(logger, "login throttle check", ex.GetType().Name);
            return null;
        }
    }

    public async ValueTask RecordFailureAsync(string username, string ip, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return;
        }
        try
        {
            await CountAsync("acct", username, _options.AccountFailures, cancellationToken);
            await CountAsync("ip", ip, _options.IpFailures, cancellationToken);
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            metrics.RedisFallback();
            AuthLog.RedisUnavailable(logger, "login failure count", ex.GetType().Name);
        }
    }

    public async ValueTask RecordSuccessAsync(string username, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return;
        }
        try
        {
            await _redis.DelAsync([FailKey("acct", username), LockKey("acct", username)], cancellationToken);
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            metrics.RedisFallback();
            AuthLog.RedisUnavailable(logger, "login failure reset", ex.GetType().Name);
        }
    }

    private async ValueTask CountAsync(string kind, string subject, int limit, CancellationToken cancellationToken)
    {
        var failures = await _redis!.IncrAsync(FailKey(kind, subject), cancellationToken);
        await _redis.ExpireAsync(FailKey(kind, subject), _options.FailureWindow, cancellationToken);
        if (failures >= limit)
        {
            var doublings = (int)Math.Min(failures - limit, 20);
            var lockout = TimeSpan.FromTicks(Math.Min(_options.BaseLockout.Ticks << doublings, _options.MaxLockout.Ticks));
            await _redis.SetAsync(LockKey(kind, subject), "1", new RedisSetOptions(Expiry: lockout), cancellationToken);
        }
    }

    private static string FailKey(string kind, string subject) => $"auth:fail:{kind}:{subject.ToLowerInvariant()}";

    private static string LockKey(string kind, string subject) => $"auth:lock:{kind}:{subject.ToLowerInvariant()}";

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => (a ?? TimeSpan.Zero) > (b ?? TimeSpan.Zero) ? a : b;
}
