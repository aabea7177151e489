using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Mmo.Redis.Diagnostics;
using Mmo.Redis.PubSub;

namespace Mmo.Redis;

/// <summary>
/// A live subscription to a channel (<c>SUBSCRIBE</c>) or a pattern (<c>PSUBSCRIBE</c>). Read its messages from
/// <see cref="Messages"/>; dispose it (or call <see cref="UnsubscribeAsync"/>) to stop. It survives reconnects:
/// the client subscribes again after every reconnect, and messages published while Redis was unreachable are lost
/// (pub/sub has no history). The reader completes when the subscription ends.
/// </summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private readonly Subscriber _owner;
    private readonly Channel<RedisMessage> _messages;
    private readonly ILogger _logger;
    private long _dropped;

    internal RedisSubscription(Subscriber owner, string name, bool isPattern, int capacity, ILogger logger)
    {
        _owner = owner;
        _logger = logger;
        Name = name;
        IsPattern = isPattern;
        _messages = Channel.CreateBounded<RedisMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            OnDropped);
    }

    /// <summary>The channel, or the pattern if <see cref="IsPattern"/>.</summary>
    public string Name { get; }

    public bool IsPattern { get; }

    /// <summary>
    /// The messages, in the order Redis delivered them. Up to <see cref="RedisOptions.SubscriptionBufferCapacity"/>
    /// wait here for a slow reader; beyond that the oldest are dropped.
    /// </summary>
    public ChannelReader<RedisMessage> Messages => _messages.Reader;

    /// <summary>Messages dropped so far because the reader fell behind.</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Ends the subscription. The local side always ends; the server-side <c>UNSUBSCRIBE</c> (sent when this was the
    /// last subscription of its channel) can fail with a <see cref="RedisException"/> if Redis is unreachable.
    /// </summary>
    public ValueTask UnsubscribeAsync(CancellationToken cancellationToken = default) => _owner.UnsubscribeAsync(this, cancellationToken);

    /// <summary>Ends the subscription; never throws for an unreachable Redis (the subscription ends locally anyway).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            RedisLog.UnsubscribeFailed(_logger, Name, ex);
        }
    }

    internal void Deliver(RedisMessage message) => _messages.Writer.TryWrite(message);

    internal void Complete() => _messages.Writer.TryComplete();

    private void OnDropped(RedisMessage message)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 1000 == 0)
        {
            RedisLog.MessagesDropped(_logger, Name, dropped);
        }
    }
}
