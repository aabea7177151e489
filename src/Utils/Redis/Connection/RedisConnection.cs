using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Mmo.Redis.Commands;
using Mmo.Redis.Internal;

namespace Mmo.Redis.Connection;

/// <summary>
/// One TCP connection to Redis, shared by every caller, with commands pipelined over it.
/// </summary>
/// <remarks>
/// Threading model. Two loops run on the thread pool; everything else is driven by callers.
/// <list type="bullet">
/// <item>Callers, on any thread, encode their command into a pooled operation and then, under one short lock,
/// append it both to the pending FIFO and to the bounded command channel. The lock makes the two orders the
/// same: the order the bytes reach the socket, hence the order in which Redis replies.</item>
/// <item>The writer loop (<c>RedisConnection.Writer.cs</c>), the channel's only reader, copies every queued
/// command into the socket's PipeWriter and flushes once per batch, so under load many commands leave in one
/// send. A command whose caller already gave up (timeout, cancellation) is skipped, never sent.</item>
/// <item>The reader loop (<c>RedisConnection.Reader.cs</c>) parses replies from the PipeReader and completes
/// the oldest sent operation with each; callers' continuations run on the thread pool, not on this loop.</item>
/// <item>The client's timer sweeps the pending FIFO and fails operations past their deadline with
/// <see cref="RedisTimeoutException"/>; their late replies are still read in order and discarded.</item>
/// <item>Any failure of either loop aborts the connection: new commands are refused, both loops stop, and every
/// pending operation fails with <see cref="RedisConnectionException"/>. Its supervisor then opens a new one.</item>
/// </list>
/// The pending FIFO holds at most <see cref="RedisOptions.MaxPendingCommands"/> operations (sent or not), which
/// bounds the memory a stalled server can make the client hold.
/// </remarks>
internal sealed partial class RedisConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<RedisOperation> _commands;
    private readonly Queue<RedisOperation> _pending = new();
    private readonly Lock _sync = new();
    private readonly IPushHandler? _pushHandler;
    private readonly string _endPoint;
    private readonly TimeSpan _commandTimeout;
    private readonly int _maxPending;
    private Exception? _closeReason;

    private RedisConnection(Socket socket, RedisOptions options, IPushHandler? pushHandler)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        _pushHandler = pushHandler;
        _endPoint = options.EndPoint;
        _commandTimeout = options.CommandTimeout;
        _maxPending = options.MaxPendingCommands;
        _commands = Channel.CreateBounded<RedisOperation>(new BoundedChannelOptions(_maxPending)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Completion = RunAsync();
    }

    /// <summary>Completes, with the reason, once the connection is closed and every pending command has failed.</summary>
    public Task<Exception> Completion { get; }

    public bool IsOpen => Volatile.Read(ref _closeReason) is null;

    /// <summary>Commands queued or awaiting their reply.</summary>
    public int PendingCount
    {
        get
        {
            lock (_sync)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Opens the socket; the caller then runs the handshake through <see cref="ExecuteAsync{T}"/>.</summary>
    public static async Task<RedisConnection> OpenAsync(RedisOptions options, IPushHandler? pushHandler, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Keep-alive notices a server that vanished without closing (power loss, partition) in about 30 s.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 15);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            if (IPAddress.TryParse(options.Host, out var address))
            {
                await socket.ConnectAsync(new IPEndPoint(address, options.Port), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RedisConnection(socket, options, pushHandler);
    }

    /// <summary>Queues the operation and returns the caller's awaitable, or a failed one if the connection refuses it.</summary>
    public ValueTask<T> ExecuteAsync<T>(RedisOperation<T> operation, CancellationToken cancellationToken)
    {
        operation.RegisterCancellation(cancellationToken);
        if (!TryEnqueue(operation, out var error))
        {
            operation.Release();
            return ValueTask.FromException<T>(error);
        }

        return operation.AsValueTask();
    }

    /// <summary>Fails every pending operation whose deadline has passed; returns how many it failed.</summary>
    public int SweepTimeouts(long now)
    {
        var timedOut = 0;
        lock (_sync)
        {
            foreach (var operation in _pending)
            {
                if (operation.Deadline <= now && !operation.IsCompleted &&
                    operation.TryFail(ThrowHelper.CommandTimeout(_endPoint, operation.Command.Name, _commandTimeout, _pending.Count)))
                {
                    timedOut++;
                }
            }
        }

        return timedOut;
    }

    private bool TryEnqueue(RedisOperation operation, [NotNullWhen(false)] out Exception? error)
    {
        lock (_sync)
        {
            if (_closeReason is not null)
            {
                error = ThrowHelper.ConnectionLost(_endPoint, operation.Command.Name, _closeReason);
                return false;
            }

            if (_pending.Count >= _maxPending)
            {
                error = ThrowHelper.QueueFull(_endPoint, _maxPending);
                return false;
            }

            operation.AddReference();
            _pending.Enqueue(operation);

            // Cannot fail: the channel is as large as the pending FIFO, and is completed only under this lock.
            _commands.Writer.TryWrite(operation);
        }

        error = null;
        return true;
    }
}
