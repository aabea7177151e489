using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmo.Redis.Commands;
using Mmo.Redis.Connection;
using Mmo.Redis.Diagnostics;
using Mmo.Redis.Internal;
using Mmo.Redis.PubSub;

namespace Mmo.Redis;

/// <summary>
/// The Redis client: commands pipelined over one shared connection (see <see cref="RedisConnection"/> for the
/// threading model), pub/sub over a second one opened on the first subscription. Both connect in the background
/// from construction on and reconnect by themselves; thread safe; dispose once at shutdown.
/// </summary>
public sealed partial class RedisClient : IRedisClient, IDisposable
{
    private readonly RedisOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConnectionSupervisor _commands;
    private readonly Subscriber _subscriber;
    private readonly ITimer _timeoutSweep;
    private readonly long _timeoutTicks;
    private int _disposed;

    /// <param name="connectionString">Parsed by <see cref="RedisOptions.Parse"/>.</param>
    /// <param name="logger">Optional: connection lifecycle at Information and Warning, details at Debug.</param>
    /// <param name="timeProvider">Clock of timeouts and reconnect delays; <see cref="TimeProvider.System"/> by default.</param>
    public RedisClient(string connectionString, ILogger<RedisClient>? logger = null, TimeProvider? timeProvider = null)
        : this(RedisOptions.Parse(connectionString), logger, timeProvider)
    {
    }

    /// <param name="options">Validated and copied: later changes to the instance have no effect.</param>
    /// <param name="logger">Optional: connection lifecycle at Information and Warning, details at Debug.</param>
    /// <param name="timeProvider">Clock of timeouts and reconnect delays; <see cref="TimeProvider.System"/> by default.</param>
    public RedisClient(RedisOptions options, ILogger<RedisClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeoutTicks = (long)(_options.CommandTimeout.TotalSeconds * _timeProvider.TimestampFrequency);
        _commands = new ConnectionSupervisor(_options, _timeProvider, _logger, "command");
        _subscriber = new Subscriber(_options, _timeProvider, _logger);

        // The timeout precision: a twentieth of the timeout, between 5 and 100 ms.
        var sweepPeriod = TimeSpan.FromMilliseconds(Math.Clamp(_options.CommandTimeout.TotalMilliseconds / 20, 5, 100));
        _timeoutSweep = _timeProvider.CreateTimer(static state => ((RedisClient)state!).SweepTimeouts(), this, sweepPeriod, sweepPeriod);
        _commands.Start();
    }

    public bool IsConnected => _commands.IsConnected;

    /// <summary>Commands queued or awaiting their reply on the shared connection (diagnostics and tests).</summary>
    internal int PendingCommands => _commands.Current?.PendingCount ?? 0;

    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        await ExecuteAsync(Create(RedisCommands.Ping, 0, ReplyParsers.Ok), cancellationToken).ConfigureAwait(false);
        return _timeProvider.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _timeoutSweep.DisposeAsync().ConfigureAwait(false);
        await _subscriber.DisposeAsync().ConfigureAwait(false);
        await _commands.DisposeAsync().ConfigureAwait(false);
        RedisLog.Disposed(_logger, _options.EndPoint);
    }

    /// <summary>For containers that dispose synchronously: blocks until the connections are closed (milliseconds).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Rents an operation for a command; its deadline starts now, so a wait for the connection counts against it.</summary>
    private RedisOperation<T> Create<T>(CommandName command, int argumentCount, ReplyParser<T> parser)
    {
        var operation = RedisOperation<T>.Create(command, argumentCount, parser);
        operation.Deadline = _timeProvider.GetTimestamp() + _timeoutTicks;
        return operation;
    }

    /// <summary>Sends an encoded operation: synchronously onto the open connection (the hot path), else after waiting for one.</summary>
    private ValueTask<T> ExecuteAsync<T>(RedisOperation<T> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || Volatile.Read(ref _disposed) != 0)
        {
            operation.Release();
            return cancellationToken.IsCancellationRequested
                ? ValueTask.FromCanceled<T>(cancellationToken)
                : ValueTask.FromException<T>(ThrowHelper.Disposed());
        }

        return _commands.Current is { } connection
            ? connection.ExecuteAsync(operation, cancellationToken)
            : ExecuteWhenConnectedAsync(operation, cancellationToken);
    }

    private async ValueTask<T> ExecuteWhenConnectedAsync<T>(RedisOperation<T> operation, CancellationToken cancellationToken)
    {
        RedisConnection connection;
        try
        {
            connection = await _commands.GetConnectionAsync(operation.Deadline, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            operation.Release();
            throw;
        }

        return await connection.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
    }

    private void SweepTimeouts()
    {
        var now = _timeProvider.GetTimestamp();
        if (_commands.Current is { } connection && connection.SweepTimeouts(now) is var timedOut and > 0)
        {
            RedisLog.CommandsTimedOut(_logger, timedOut, _options.EndPoint, connection.PendingCount);
        }

        _subscriber.Current?.SweepTimeouts(now);
    }
}
