using System.Globalization;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Mmo.CharacterService.Diagnostics;
using Mmo.Database.V1;
using Mmo.Redis;

namespace Mmo.CharacterService.Features.Characters;

/// <summary>
/// An account's characters (deleted ones included) as the DatabaseService returned them, cached in Redis under
/// <c>mmo:character:list:{accountId}</c> for <see cref="CharacterOptions.ListCacheTtl"/>.
/// <para>
/// A plain "delete on change" could let a slow reader put back a list it read before the change (read → change →
/// delete → reader's SET). So every change also bumps a generation counter (<c>mmo:character:gen:{accountId}</c>), and
/// a reader stores its list only if the generation is still the one it saw before reading the database.
/// </para>
/// Redis trouble is never the caller's: a failed read is a miss, a failed write or invalidation is logged, and the
/// short TTL bounds how long a missed invalidation can show.
/// </summary>
internal sealed class CharacterListCache(IRedisClient? redis, IOptions<CharacterOptions> options, CharacterMetrics metrics, ILogger<CharacterListCache> logger)
{
    private const long GenerationTtlMs = 24 * 60 * 60 * 1000;

    // KEYS: list, generation. ARGV: the generation seen before the database read ("" for none), value, TTL in ms.
    private static readonly RedisScript SetIfUnchanged = new("""
        local seen = redis.call('GET', KEYS[2]) or ''
        if seen == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """);

    // KEYS: list, generation. ARGV: generation TTL in ms.
    private static readonly RedisScript Invalidate = new("""
        redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        return redis.call('DEL', KEYS[1])
        """);

    private readonly byte[] _ttlMs = Encoding.ASCII.GetBytes(((long)options.Value.ListCacheTtl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
    private readonly byte[] _generationTtlMs = Encoding.ASCII.GetBytes(GenerationTtlMs.ToString(CultureInfo.InvariantCulture));

    public static string Key(long accountId) => $"mmo:character:list:{accountId}";

    public static string GenerationKey(long accountId) => $"mmo:character:gen:{accountId}";

    /// <summary>The cached list, or null and the generation to hand to <see cref="SetAsync"/> after reading the database.</summary>
    public async ValueTask<(ListCharactersResponse? List, byte[] Generation)> GetAsync(long accountId, CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return (null, []);
        }
        try
        {
            var values = await redis.MGetAsync([Bytes(Key(accountId)), Bytes(GenerationKey(accountId))], cancellationToken);
            metrics.CacheLookup(values[0] is null ? "miss" : "hit");
            return (values[0] is { } bytes ? ListCharactersResponse.Parser.ParseFrom(bytes) : null, values[1] ?? []);
        }
        catch (Exception ex) when (ex is RedisException and not RedisServerException or InvalidProtocolBufferException)
        {
            metrics.CacheLookup("error");
            CharacterLog.CacheUnavailable(logger, "read", accountId, ex);
            return (null, []);
        }
    }

    /// <summary>Stores a list read from the database, unless the account changed since <paramref name="generation"/> was read.</summary>
    public async ValueTask SetAsync(long accountId, ListCharactersResponse list, byte[] generation, CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return;
        }
        try
        {
            await SetIfUnchanged.EvaluateAsync(redis, [Bytes(Key(accountId)), Bytes(GenerationKey(accountId))], [generation, list.ToByteArray(), _ttlMs], cancellationToken);
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            CharacterLog.CacheUnavailable(logger, "write", accountId, ex);
        }
    }

    /// <summary>Drops the account's cached list after a change; call after the database write.</summary>
    public async ValueTask InvalidateAsync(long accountId, CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return;
        }
        try
        {
            await Invalidate.EvaluateAsync(redis, [Bytes(Key(accountId)), Bytes(GenerationKey(accountId))], [_generationTtlMs], cancellationToken);
        }
        catch (RedisException ex) when (ex is not RedisServerException)
        {
            CharacterLog.CacheUnavailable(logger, "invalidation", accountId, ex);
        }
    }

    private static ReadOnlyMemory<byte> Bytes(string key) => Encoding.ASCII.GetBytes(key);
}
