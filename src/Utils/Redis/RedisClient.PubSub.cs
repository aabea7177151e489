using Mmo.Redis.Commands;

namespace Mmo.Redis;

/// <summary>Pub/sub: PUBLISH on the shared connection; SUBSCRIBE and PSUBSCRIBE on the dedicated one.</summary>
public sealed partial class RedisClient
{
    public ValueTask<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var operation = Create(RedisCommands.Publish, 2, ReplyParsers.Integer);
        operation.Write(channel);
        operation.Write(message.Span);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<long> PublishAsync(string channel, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        var operation = Create(RedisCommands.Publish, 2, ReplyParsers.Integer);
        operation.Write(channel);
        operation.Write(message);
        return ExecuteAsync(operation, cancellationToken);
    }

    public ValueTask<RedisSubscription> SubscribeAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _subscriber.SubscribeAsync(channel, isPattern: false, cancellationToken);
    }

    public ValueTask<RedisSubscription> PSubscribeAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _subscriber.SubscribeAsync(pattern, isPattern: true, cancellationToken);
    }
}
