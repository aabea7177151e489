using System.Net.Sockets;
using Mmo.Redis.Commands;
using Mmo.Redis.Internal;

namespace Mmo.Redis.Connection;

/// <summary>How a connection ends: one abort, both loops stopped, every pending command failed, buffers returned.</summary>
internal sealed partial class RedisConnection
{
    /// <summary>Closes the connection (idempotent): refuses new commands, stops both loops, fails what is pending.</summary>
    public void Abort(Exception reason)
    {
        lock (_sync)
        {
            if (_closeReason is not null)
            {
                return;
            }

            Volatile.Write(ref _closeReason, reason);
            _commands.Writer.TryComplete();
        }

        _input.CancelPendingRead();
        _socket.Dispose();
    }

    private async Task<Exception> RunAsync()
    {
        await Task.WhenAll(WriteLoopAsync(), ReadLoopAsync()).ConfigureAwait(false);
        var reason = Volatile.Read(ref _closeReason)!;
        while (true)
        {
            RedisOperation? operation;
            lock (_sync)
            {
                if (!_pending.TryDequeue(out operation))
                {
                    break;
                }
            }

            if (!operation.IsCompleted)
            {
                operation.TryFail(ThrowHelper.ConnectionLost(_endPoint, operation.Command.Name, reason));
            }

            operation.Release();
        }

        await ReleasePipesAsync().ConfigureAwait(false);
        return reason;
    }

    /// <summary>Returns the pipes' pooled buffers. The socket is already closed, so a final flush may fail: by then nothing is waiting for it.</summary>
    private async Task ReleasePipesAsync()
    {
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // Buffered bytes of commands that have all failed already.
        }

        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
