using Mmo.Redis.Commands;

namespace Mmo.Redis;

/// <summary>Key commands: DEL, EXISTS, EXPIRE, TTL.</summary>
public sealed partial class RedisClient
{
    public ValueTask<bool> DelAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.Del, key, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<bool> DelAsync(string key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.Del, key, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<long> DelAsync(ReadOnlySpan<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        RequireKeys(keys.Length);
        var operation = Create(RedisCommands.Del, keys.Length, ReplyParsers.Integer);
        WriteAll(operation, keys);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<long> DelAsync(ReadOnlySpan<string> keys, CancellationToken cancellationToken = default)
    {
        RequireKeys(keys);
        var operation = Create(RedisCommands.Del, keys.Length, ReplyParsers.Integer);
        WriteAll(operation, keys);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> ExistsAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.Exists, key, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.Exists, key, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<long> ExistsAsync(ReadOnlySpan<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        RequireKeys(keys.Length);
        var operation = Create(RedisCommands.Exists, keys.Length, ReplyParsers.Integer);
        WriteAll(operation, keys);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<long> ExistsAsync(ReadOnlySpan<string> keys, CancellationToken cancellationToken = default)
    {
        RequireKeys(keys);
        var operation = Create(RedisCommands.Exists, keys.Length, ReplyParsers.Integer);
        WriteAll(operation, keys);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> ExpireAsync(ReadOnlyMemory<byte> key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var operation = CreateExpire(expiry);
        operation.Write(key.Span);
        WriteExpiry(operation, expiry);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var operation = CreateExpire(expiry);
        operation.Write(key);
        WriteExpiry(operation, expiry);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<TimeSpan?> TtlAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.Ttl, key, ReplyParsers.Ttl, cancellationToken);

    public ValueTask<TimeSpan?> TtlAsync(string key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.Ttl, key, ReplyParsers.Ttl, cancellationToken);

    private ValueTask<T> OneKey<T>(CommandName command, ReadOnlyMemory<byte> key, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var operation = Create(command, 1, parser);
        operation.Write(key.Span);
        return ExecuteAsync(operation, cancellationToken);
    }

    private ValueTask<T> OneKey<T>(CommandName command, string key, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var operation = Create(command, 1, parser);
        operation.Write(key);
        return ExecuteAsync(operation, cancellationToken);
    }

    /// <summary>EXPIRE for whole seconds, PEXPIRE otherwise.</summary>
    private RedisOperation<bool> CreateExpire(TimeSpan expiry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expiry, TimeSpan.FromMilliseconds(1));
        var command = expiry.Ticks % TimeSpan.TicksPerSecond == 0 ? RedisCommands.Expire : RedisCommands.PExpire;
        return Create(command, 2, ReplyParsers.IntegerIsNonZero);
    }

    private static void WriteExpiry(RedisOperation operation, TimeSpan expiry) =>
        operation.Write(expiry.Ticks % TimeSpan.TicksPerSecond == 0 ? (long)expiry.TotalSeconds : (long)Math.Ceiling(expiry.TotalMilliseconds));

    private static void RequireKeys(int count) =>
        ArgumentOutOfRangeException.ThrowIfZero(count, "keys");

    private static void RequireKeys(ReadOnlySpan<string> keys)
    {
        RequireKeys(keys.Length);
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
        }
    }

    private static void WriteAll(RedisOperation operation, ReadOnlySpan<ReadOnlyMemory<byte>> values)
    {
        foreach (var value in values)
        {
            operation.Write(value.Span);
        }
    }

    private static void WriteAll(RedisOperation operation, ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            operation.Write(value);
        }
    }
}
