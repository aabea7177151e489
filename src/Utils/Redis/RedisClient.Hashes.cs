using Mmo.Redis.Commands;

namespace Mmo.Redis;

/// <summary>Hash commands: HGET, HSET, HDEL, HGETALL.</summary>
public sealed partial class RedisClient
{
    public ValueTask<byte[]?> HGetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> field, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.HGet, key, field, ReplyParsers.Bytes, cancellationToken);

    public ValueTask<string?> HGetAsync(string key, string field, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.HGet, key, field, ReplyParsers.String, cancellationToken);

    public ValueTask<bool> HSetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> field, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var operation = Create(RedisCommands.HSet, 3, ReplyParsers.IntegerIsNonZero);
        operation.Write(key.Span);
        operation.Write(field.Span);
        operation.Write(value.Span);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> HSetAsync(string key, string field, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        var operation = Create(RedisCommands.HSet, 3, ReplyParsers.IntegerIsNonZero);
        operation.Write(key);
        operation.Write(field);
        operation.Write(value);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<bool> HDelAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> field, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.HDel, key, field, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<bool> HDelAsync(string key, string field, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.HDel, key, field, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<KeyValuePair<byte[], byte[]>[]> HGetAllAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.HGetAll, key, ReplyParsers.BytesHash, cancellationToken);

    public ValueTask<Dictionary<string, string>> HGetAllAsync(string key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.HGetAll, key, ReplyParsers.StringHash, cancellationToken);

    /// <summary>A command of a key and one field or member (HGET, HDEL, SADD, SREM).</summary>
    private ValueTask<T> KeyAndMember<T>(CommandName command, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> member, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var operation = Create(command, 2, parser);
        operation.Write(key.Span);
        operation.Write(member.Span);
        return ExecuteAsync(operation, cancellationToken);
    }

    private ValueTask<T> KeyAndMember<T>(CommandName command, string key, string member, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(member);
        var operation = Create(command, 2, parser);
        operation.Write(key);
        operation.Write(member);
        return ExecuteAsync(operation, cancellationToken);
    }
}
