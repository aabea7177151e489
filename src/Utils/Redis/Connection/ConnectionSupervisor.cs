using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mmo.Redis.Diagnostics;
using Mmo.Redis.Internal;

namespace Mmo.Redis.Connection;

/// <summary>
/// Keeps one logical connection (the shared command connection, or the subscriber's) open: connects, runs the
/// handshake, publishes the connection to callers, and when it dies waits a backoff delay and starts again,
/// until disposed. Callers never wait on a reconnect: while no connection is up they fail at once, except
/// during a connect attempt in progress, which they wait for within their own deadline.
/// </summary>
internal sealed class ConnectionSupervisor : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _role;
    private readonly IPushHandler? _pushHandler;
    private readonly Func<RedisConnection, CancellationToken, Task>? _onConnected;
    private readonly CancellationTokenSource _stopping = new();
    private volatile State _state;
    private Task? _loop;

    public ConnectionSupervisor(
        RedisOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        string role,
        IPushHandler? pushHandler = null,
        Func<RedisConnection, CancellationToken, Task>? onConnected = null)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _role = role;
        _pushHandler = pushHandler;
        _onConnected = onConnected;
        _state = new State(null, new TaskCompletionSource<RedisConnection>(TaskCreationOptions.RunContinuationsAsynchronously), null);
    }

    /// <summary>The open connection, or null while there is none.</summary>
    public RedisConnection? Current => _state.Connection;

    public bool IsConnected => _state.Connection is { IsOpen: true };

    /// <summary>Starts the connect loop; call once.</summary>
    public void Start() => _loop = RunAsync(_stopping.Token);

    /// <summary>
    /// The open connection; or, during a connect attempt, that attempt's outcome, awaited no later than
    /// <paramref name="deadline"/> (a <see cref="TimeProvider"/> timestamp); otherwise fails at once.
    /// </summary>
    public ValueTask<RedisConnection> GetConnectionAsync(long deadline, CancellationToken cancellationToken)
    {
        var state = _state;
        if (state.Connection is { } connection)
        {
            return new(connection);
        }

        return state.Attempt is { } attempt
            ? WaitForAttemptAsync(attempt.Task, deadline, cancellationToken)
            : ValueTask.FromException<RedisConnection>(ThrowHelper.Unavailable(_options.EndPoint, state.LastError));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _state.Attempt?.TrySetException(ThrowHelper.Disposed());
        _stopping.Dispose();
    }

    private async ValueTask<RedisConnection> WaitForAttemptAsync(Task<RedisConnection> attempt, long deadline, CancellationToken cancellationToken)
    {
        var remaining = TimeSpan.FromSeconds((double)(deadline - _timeProvider.GetTimestamp()) / _timeProvider.TimestampFrequency);
        try
        {
            return await attempt.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw ThrowHelper.ConnectWaitTimeout(_options.EndPoint, _options.CommandTimeout);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            var attempt = _state.Attempt ?? new TaskCompletionSource<RedisConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            _state = new State(null, attempt, _state.LastError);
            Exception reason;
            bool wasConnected;
            try
            {
                var connection = await ConnectAsync(stopping).ConfigureAwait(false);
                failures = 0;
                _state = new State(connection, null, null);
                attempt.TrySetResult(connection);
                RedisLog.Connected(_logger, _role, _options.EndPoint);
                using (stopping.UnsafeRegister(static c => ((RedisConnection)c!).Abort(ThrowHelper.Disposed()), connection))
                {
                    reason = await connection.Completion.ConfigureAwait(false);
                }

                wasConnected = true;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                reason = ex;
                wasConnected = false;
                attempt.TrySetException(ex);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                break;
            }

            _state = new State(null, null, reason);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            var delay = Backoff.Delay(failures++, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared);
            LogFailure(wasConnected, (long)delay.TotalMilliseconds, reason);
            try
            {
                await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        RedisLog.ConnectionClosed(_logger, _role, _options.EndPoint, "the client was disposed");
    }

    /// <summary>Opens a connection and runs the handshake within <see cref="RedisOptions.ConnectTimeout"/>; every failure becomes a <see cref="RedisConnectionException"/>.</summary>
    private async Task<RedisConnection> ConnectAsync(CancellationToken stopping)
    {
        RedisLog.Connecting(_logger, _role, _options.EndPoint);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var deadline = _timeProvider.GetTimestamp() + (long)(_options.ConnectTimeout.TotalSeconds * _timeProvider.TimestampFrequency);
        RedisConnection? connection = null;
        try
        {
            connection = await RedisConnection.OpenAsync(_options, _pushHandler, linked.Token).ConfigureAwait(false);
            await Handshake.RunAsync(connection, _options, deadline, linked.Token).ConfigureAwait(false);
            if (_onConnected is not null)
            {
                await _onConnected(connection, linked.Token).ConfigureAwait(false);
            }

            return connection;
        }
        catch (Exception ex)
        {
            var error = ex switch
            {
                _ when stopping.IsCancellationRequested => ex,
                OperationCanceledException => new RedisConnectionException(
                    $"Connecting to Redis at {_options.EndPoint} timed out after {(long)_options.ConnectTimeout.TotalMilliseconds} ms.", ex),
                RedisConnectionException => ex,
                SocketException socket => new RedisConnectionException(
                    $"Could not connect to Redis at {_options.EndPoint}: {socket.Message} ({socket.SocketErrorCode}).", ex),
                _ => new RedisConnectionException($"Could not connect to Redis at {_options.EndPoint}: {ex.Message}", ex),
            };
            if (connection is not null)
            {
                connection.Abort(error);
                await connection.Completion.ConfigureAwait(false);
            }

            if (error == ex)
            {
                throw;
            }

            throw error;
        }
    }

    private void LogFailure(bool wasConnected, long delayMs, Exception reason)
    {
        if (reason is RedisProtocolException)
        {
            RedisLog.ProtocolError(_logger, _role, _options.EndPoint, delayMs, reason);
        }
        else if (wasConnected)
        {
            RedisLog.ConnectionLost(_logger, _role, _options.EndPoint, delayMs, reason);
        }
        else
        {
            RedisLog.ConnectFailed(_logger, _role, _options.EndPoint, delayMs, reason);
        }
    }

    /// <summary>
    /// Swapped as a whole so callers read a consistent view: an open connection, or a connect attempt in
    /// progress (callers may wait for it), or neither (callers fail at once with the last error).
    /// </summary>
    private sealed record State(RedisConnection? Connection, TaskCompletionSource<RedisConnection>? Attempt, Exception? LastError);
}
