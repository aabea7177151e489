using System.Buffers;
using Microsoft.Extensions.Logging;
using Mmo.Redis.Commands;
using Mmo.Redis.Connection;
using Mmo.Redis.Diagnostics;

namespace Mmo.Redis.PubSub;

/// <summary>
/// Pub/sub over a dedicated connection (a subscribed RESP2 connection can run nothing else), opened on the
/// first subscription. Keeps the local registry of subscriptions and, after every reconnect, subscribes to all
/// of its channels and patterns again before the connection is handed out.
/// </summary>
/// <remarks>
/// SUBSCRIBE and UNSUBSCRIBE are queued while the registry lock is held, so their order on the wire is the
/// order of the registry changes: a subscribe racing the last unsubscribe of the same channel cannot end up
/// unsubscribed on the server. Messages are dispatched on the connection's reader loop into each
/// subscription's bounded buffer, which never blocks it.
/// </remarks>
internal sealed class Subscriber : IPushHandler, IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConnectionSupervisor _supervisor;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, List<RedisSubscription>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RedisSubscription>> _patterns = new(StringComparer.Ordinal);
    private readonly long _timeoutTicks;
    private int _started;

    public Subscriber(RedisOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _timeoutTicks = (long)(options.CommandTimeout.TotalSeconds * timeProvider.TimestampFrequency);
        _supervisor = new ConnectionSupervisor(options, timeProvider, logger, "subscriber", this, ResubscribeAsync);
    }

    public RedisConnection? Current => _supervisor.Current;

    public async ValueTask<RedisSubscription> SubscribeAsync(string name, bool isPattern, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _supervisor.Start();
        }

        var deadline = _timeProvider.GetTimestamp() + _timeoutTicks;
        var connection = await _supervisor.GetConnectionAsync(deadline, cancellationToken).ConfigureAwait(false);
        var subscription = new RedisSubscription(this, name, isPattern, _options.SubscriptionBufferCapacity, _logger);
        ValueTask<bool> confirmed;
        lock (_sync)
        {
            Registry(isPattern).TryAdd(name, []);
            Registry(isPattern)[name].Add(subscription);
            confirmed = Send(connection, isPattern ? RedisCommands.PSubscribe : RedisCommands.Subscribe, name, deadline, cancellationToken);
        }

        try
        {
            await confirmed.ConfigureAwait(false);
        }
        catch
        {
            lock (_sync)
            {
                Remove(subscription);
            }

            subscription.Complete();
            throw;
        }

        return subscription;
    }

    /// <summary>Removes the subscription; the last one of a channel or pattern also unsubscribes on the server.</summary>
    public async ValueTask UnsubscribeAsync(RedisSubscription subscription, CancellationToken cancellationToken)
    {
        ValueTask<bool>? confirmed = null;
        lock (_sync)
        {
            if (Remove(subscription) && _supervisor.Current is { } connection)
            {
                var command = subscription.IsPattern ? RedisCommands.PUnsubscribe : RedisCommands.Unsubscribe;
                confirmed = Send(connection, command, subscription.Name, _timeProvider.GetTimestamp() + _timeoutTicks, cancellationToken);
            }
        }

        subscription.Complete();
        if (confirmed is { } pending)
        {
            await pending.ConfigureAwait(false);
        }
    }

    public bool TryHandlePush(in ReadOnlySequence<byte> frame)
    {
        if (!PushMessage.TryParse(frame, out var message))
        {
            return false;
        }

        lock (_sync)
        {
            var registry = message.Pattern is null ? _channels : _patterns;
            if (registry.TryGetValue(message.Pattern ?? message.Channel, out var subscriptions))
            {
                foreach (var subscription in subscriptions)
                {
                    subscription.Deliver(message);
                }
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _supervisor.DisposeAsync().ConfigureAwait(false);
        lock (_sync)
        {
            foreach (var subscription in _channels.Values.Concat(_patterns.Values).SelectMany(list => list))
            {
                subscription.Complete();
            }

            _channels.Clear();
            _patterns.Clear();
        }
    }

    private async Task ResubscribeAsync(RedisConnection connection, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetTimestamp() + (long)(_options.ConnectTimeout.TotalSeconds * _timeProvider.TimestampFrequency);
        var confirmations = new List<ValueTask<bool>>();
        int channels, patterns;
        lock (_sync)
        {
            (channels, patterns) = (_channels.Count, _patterns.Count);
            foreach (var channel in _channels.Keys)
            {
                confirmations.Add(Send(connection, RedisCommands.Subscribe, channel, deadline, cancellationToken));
            }

            foreach (var pattern in _patterns.Keys)
            {
                confirmations.Add(Send(connection, RedisCommands.PSubscribe, pattern, deadline, cancellationToken));
            }
        }

        foreach (var confirmation in confirmations)
        {
            await confirmation.ConfigureAwait(false);
        }

        if (confirmations.Count > 0)
        {
            RedisLog.Resubscribed(_logger, channels, patterns, _options.EndPoint);
        }
    }

    private static ValueTask<bool> Send(RedisConnection connection, CommandName command, string name, long deadline, CancellationToken cancellationToken)
    {
        var operation = RedisOperation<bool>.Create(command, 1, ReplyParsers.Any);
        operation.Write(name);
        operation.Deadline = deadline;
        return connection.ExecuteAsync(operation, cancellationToken);
    }

    private Dictionary<string, List<RedisSubscription>> Registry(bool isPattern) => isPattern ? _patterns : _channels;

    /// <summary>Removes a subscription from the registry; true if it was the last one of its channel or pattern.</summary>
    private bool Remove(RedisSubscription subscription)
    {
        var registry = Registry(subscription.IsPattern);
        if (!registry.TryGetValue(subscription.Name, out var list) || !list.Remove(subscription) || list.Count > 0)
        {
            return false;
        }

        registry.Remove(subscription.Name);
        return true;
    }
}
