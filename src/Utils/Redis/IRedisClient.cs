namespace Mmo.Redis;

/// <summary>
/// Redis commands over one shared, pipelined connection; register one instance per process
/// (<c>services.AddRedis(connectionString)</c>). Keys and values are binary safe: every command takes
/// <see cref="ReadOnlyMemory{T}"/> bytes, and has a <see cref="string"/> overload that encodes as UTF-8.
/// </summary>
/// <remarks>
/// Every call completes within <see cref="RedisOptions.CommandTimeout"/> and fails with a
/// <see cref="RedisException"/>: <see cref="RedisConnectionException"/> at once while Redis is unreachable (the
/// client reconnects by itself), <see cref="RedisTimeoutException"/> when no reply came in time,
/// <see cref="RedisQueueFullException"/> when too many commands are pending, <see cref="RedisServerException"/>
/// for an error reply. Cancelling the token fails the call with <see cref="OperationCanceledException"/>; a
/// command already sent may still run. Each returned <see cref="ValueTask{TResult}"/> must be awaited once.
/// </remarks>
public interface IRedisClient : IAsyncDisposable
{
    /// <summary>Whether the shared connection is open right now.</summary>
    bool IsConnected { get; }

    /// <summary><c>PING</c>; returns the round-trip time.</summary>
    ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Any command that returns one reply, e.g. <c>ExecuteAsync("DBSIZE")</c>. Commands that would change the
    /// shared connection's state (SUBSCRIBE, SELECT, MONITOR, blocking commands...) are refused with <see cref="ArgumentException"/>.
    /// </summary>
    ValueTask<RedisResult> ExecuteAsync(string command, ReadOnlySpan<string> arguments = default, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="ExecuteAsync(string, ReadOnlySpan{string}, CancellationToken)"/>
    ValueTask<RedisResult> ExecuteAsync(string command, ReadOnlySpan<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default);

    /// <summary><c>GET</c>: the value, or null if the key does not exist.</summary>
    ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="GetAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>GET</c> of a binary value under a text key.</summary>
    ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>SET</c>: true if written, false if <see cref="RedisSetOptions.Condition"/> (NX/XX) prevented it.</summary>
    ValueTask<bool> SetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, RedisSetOptions options = default, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SetAsync(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, RedisSetOptions, CancellationToken)"/>
    ValueTask<bool> SetAsync(string key, string value, RedisSetOptions options = default, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SetAsync(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, RedisSetOptions, CancellationToken)"/>
    ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value, RedisSetOptions options = default, CancellationToken cancellationToken = default);

    /// <summary><c>MGET</c>: the values in the order of the keys, null for missing keys.</summary>
    ValueTask<byte[]?[]> MGetAsync(ReadOnlySpan<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="MGetAsync(ReadOnlySpan{ReadOnlyMemory{byte}}, CancellationToken)"/>
    ValueTask<string?[]> MGetAsync(ReadOnlySpan<string> keys, CancellationToken cancellationToken = default);

    /// <summary><c>INCR</c>: the value after adding 1 (a missing key counts as 0).</summary>
    ValueTask<long> IncrAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IncrAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<long> IncrAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>INCRBY</c>: the value after adding <paramref name="increment"/> (may be negative).</summary>
    ValueTask<long> IncrByAsync(ReadOnlyMemory<byte> key, long increment, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IncrByAsync(ReadOnlyMemory{byte}, long, CancellationToken)"/>
    ValueTask<long> IncrByAsync(string key, long increment, CancellationToken cancellationToken = default);

    /// <summary><c>DEL</c> of one key: true if it existed.</summary>
    ValueTask<bool> DelAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="DelAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<bool> DelAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>DEL</c>: how many of the keys existed.</summary>
    ValueTask<long> DelAsync(ReadOnlySpan<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="DelAsync(ReadOnlySpan{ReadOnlyMemory{byte}}, CancellationToken)"/>
    ValueTask<long> DelAsync(ReadOnlySpan<string> keys, CancellationToken cancellationToken = default);

    /// <summary><c>EXISTS</c> of one key.</summary>
    ValueTask<bool> ExistsAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="ExistsAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>EXISTS</c>: how many of the keys exist (a key given twice counts twice).</summary>
    ValueTask<long> ExistsAsync(ReadOnlySpan<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="ExistsAsync(ReadOnlySpan{ReadOnlyMemory{byte}}, CancellationToken)"/>
    ValueTask<long> ExistsAsync(ReadOnlySpan<string> keys, CancellationToken cancellationToken = default);

    /// <summary><c>EXPIRE</c> (whole seconds) or <c>PEXPIRE</c>: true if the key exists and now expires after <paramref name="expiry"/>.</summary>
    ValueTask<bool> ExpireAsync(ReadOnlyMemory<byte> key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="ExpireAsync(ReadOnlyMemory{byte}, TimeSpan, CancellationToken)"/>
    ValueTask<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <summary><c>TTL</c>: time left in whole seconds; null if the key does not exist or never expires.</summary>
    ValueTask<TimeSpan?> TtlAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="TtlAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<TimeSpan?> TtlAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>HGET</c>: the field's value, or null.</summary>
    ValueTask<byte[]?> HGetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> field, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="HGetAsync(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<string?> HGetAsync(string key, string field, CancellationToken cancellationToken = default);

    /// <summary><c>HSET</c> of one field: true if the field is new, false if it was overwritten.</summary>
    ValueTask<bool> HSetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> field, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="HSetAsync(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<bool> HSetAsync(string key, string field, string value, CancellationToken cancellationToken = default);

    /// <summary><c>HDEL</c> of one field: true if it existed.</summary>
    ValueTask<bool> HDelAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> field, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="HDelAsync(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<bool> HDelAsync(string key, string field, CancellationToken cancellationToken = default);

    /// <summary><c>HGETALL</c>: every field and value; empty if the key does not exist.</summary>
    ValueTask<KeyValuePair<byte[], byte[]>[]> HGetAllAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="HGetAllAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<Dictionary<string, string>> HGetAllAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>SADD</c> of one member: true if it was not in the set yet.</summary>
    ValueTask<bool> SAddAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SAddAsync(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<bool> SAddAsync(string key, string member, CancellationToken cancellationToken = default);

    /// <summary><c>SREM</c> of one member: true if it was in the set.</summary>
    ValueTask<bool> SRemAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SRemAsync(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<bool> SRemAsync(string key, string member, CancellationToken cancellationToken = default);

    /// <summary><c>SMEMBERS</c>: the members, in no particular order; empty if the key does not exist.</summary>
    ValueTask<byte[][]> SMembersAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SMembersAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<string[]> SMembersAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><c>EVAL</c>: runs a Lua script with <c>KEYS</c> and <c>ARGV</c>. Prefer <see cref="RedisScript"/>, which sends the script body only when Redis does not have it cached.</summary>
    ValueTask<RedisResult> EvalAsync(string script, ReadOnlySpan<string> keys = default, ReadOnlySpan<string> arguments = default, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="EvalAsync(string, ReadOnlySpan{string}, ReadOnlySpan{string}, CancellationToken)"/>
    ValueTask<RedisResult> EvalAsync(string script, ReadOnlySpan<ReadOnlyMemory<byte>> keys, ReadOnlySpan<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default);

    /// <summary><c>EVALSHA</c>: runs a cached script by its SHA-1; fails with <see cref="RedisServerException"/> (<c>NOSCRIPT</c>) if Redis does not have it.</summary>
    ValueTask<RedisResult> EvalShaAsync(string sha1, ReadOnlySpan<string> keys = default, ReadOnlySpan<string> arguments = default, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="EvalShaAsync(string, ReadOnlySpan{string}, ReadOnlySpan{string}, CancellationToken)"/>
    ValueTask<RedisResult> EvalShaAsync(string sha1, ReadOnlySpan<ReadOnlyMemory<byte>> keys, ReadOnlySpan<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default);

    /// <summary><c>SCRIPT LOAD</c>: caches a script; returns its SHA-1.</summary>
    ValueTask<string> ScriptLoadAsync(string script, CancellationToken cancellationToken = default);

    /// <summary><c>PUBLISH</c>: how many subscribers received the message.</summary>
    ValueTask<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="PublishAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/>
    ValueTask<long> PublishAsync(string channel, string message, CancellationToken cancellationToken = default);

    /// <summary><c>SUBSCRIBE</c> on the dedicated pub/sub connection; returns once Redis confirmed it.</summary>
    ValueTask<RedisSubscription> SubscribeAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary><c>PSUBSCRIBE</c> to a glob-style pattern (<c>news.*</c>); returns once Redis confirmed it.</summary>
    ValueTask<RedisSubscription> PSubscribeAsync(string pattern, CancellationToken cancellationToken = default);
}
