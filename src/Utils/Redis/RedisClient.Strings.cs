using Mmo.Redis.Commands;

namespace Mmo.Redis;

/// <summary>String commands: GET, SET, MGET, INCR, INCRBY.</summary>
public sealed partial class RedisClient
{
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var operation = Create(RedisCommands.Get, 1, ReplyParsers.Bytes);
        operation.Write(key.Span);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var operation = Create(RedisCommands.Get, 1, ReplyParsers.String);
        operation.Write(key);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var operation = Create(RedisCommands.Get, 1, ReplyParsers.Bytes);
        operation.Write(key);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> SetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, RedisSetOptions options = default, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var operation = Create(RedisCommands.Set, 2 + options.ArgumentCount, ReplyParsers.Ok);
        operation.Write(key.Span);
        operation.Write(value.Span);
        WriteSetOptions(operation, options);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> SetAsync(string key, string value, RedisSetOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        options.Validate();
        var operation = Create(RedisCommands.Set, 2 + options.ArgumentCount, ReplyParsers.Ok);
        operation.Write(key);
        operation.Write(value);
        WriteSetOptions(operation, options);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value, RedisSetOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        options.Validate();
        var operation = Create(RedisCommands.Set, 2 + options.ArgumentCount, ReplyParsers.Ok);
        operation.Write(key);
        operation.Write(value.Span);
        WriteSetOptions(operation, options);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<byte[]?[]> MGetAsync(ReadOnlySpan<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        RequireKeys(keys.Length);
        var operation = Create(RedisCommands.MGet, keys.Length, ReplyParsers.BytesArray);
        WriteAll(operation, keys);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<string?[]> MGetAsync(ReadOnlySpan<string> keys, CancellationToken cancellationToken = default)
    {
        RequireKeys(keys);
        var operation = Create(RedisCommands.MGet, keys.Length, ReplyParsers.StringArray);
        WriteAll(operation, keys);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<long> IncrAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var operation = Create(RedisCommands.Incr, 1, ReplyParsers.Integer);
        operation.Write(key.Span);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<long> IncrAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var operation = Create(RedisCommands.Incr, 1, ReplyParsers.Integer);
        operation.Write(key);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<long> IncrByAsync(ReadOnlyMemory<byte> key, long increment, CancellationToken cancellationToken = default)
    {
        var operation = Create(RedisCommands.IncrBy, 2, ReplyParsers.Integer);
        operation.Write(key.Span);
        operation.Write(increment);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<long> IncrByAsync(string key, long increment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var operation = Create(RedisCommands.IncrBy, 2, ReplyParsers.Integer);
        operation.Write(key);
        operation.Write(increment);
        return ExecuteAsync(operation, cancellationToken);
    }

    private static void WriteSetOptions(RedisOperation operation, RedisSetOptions options)
    {
        if (options.Expiry is { } expiry)
        {
            // Whole seconds go as EX, anything finer as PX (rounded up, so a key never lives shorter than asked).
            var wholeSeconds = expiry.Ticks % TimeSpan.TicksPerSecond == 0;
            operation.Write(wholeSeconds ? "EX"u8 : "PX"u8);
            operation.Write(wholeSeconds ? (long)expiry.TotalSeconds : (long)Math.Ceiling(expiry.TotalMilliseconds));
        }

        if (options.Condition != SetCondition.Always)
        {
            operation.Write(options.Condition == SetCondition.IfNotExists ? "NX"u8 : "XX"u8);
        }
    }
}
