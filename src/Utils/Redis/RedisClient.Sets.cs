using Mmo.Redis.Commands;

namespace Mmo.Redis;

/// <summary>Set commands: SADD, SREM, SMEMBERS.</summary>
public sealed partial class RedisClient
{
    public ValueTask<bool> SAddAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.SAdd, key, member, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<bool> SAddAsync(string key, string member, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.SAdd, key, member, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<bool> SRemAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.SRem, key, member, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<bool> SRemAsync(string key, string member, CancellationToken cancellationToken = default) =>
        KeyAndMember(RedisCommands.SRem, key, member, ReplyParsers.IntegerIsNonZero, cancellationToken);

    public ValueTask<byte[][]> SMembersAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.SMembers, key, ReplyParsers.BytesMembers, cancellationToken);

    public ValueTask<string[]> SMembersAsync(string key, CancellationToken cancellationToken = default) =>
        OneKey(RedisCommands.SMembers, key, ReplyParsers.StringMembers, cancellationToken);
}
