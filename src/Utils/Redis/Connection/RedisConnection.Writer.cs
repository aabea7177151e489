using System.Buffers;
using Mmo.Redis.Commands;

namespace Mmo.Redis.Connection;

/// <summary>The writer loop: the only code that writes to the socket (see the threading model on <see cref="RedisConnection"/>).</summary>
internal sealed partial class RedisConnection
{
    /// <summary>Bytes buffered before a flush in the middle of a batch, so one huge batch cannot buffer without bound.</summary>
    private const int MaxUnflushedBytes = 64 * 1024;

    private async Task WriteLoopAsync()
    {
        var commands = _commands.Reader;
        try
        {
            while (await commands.WaitToReadAsync().ConfigureAwait(false))
            {
                // Drain what is queued, then flush once: commands from many callers share one send.
                var skipped = false;
                while (commands.TryRead(out var operation))
                {
                    if (!operation.TryMarkWritten())
                    {
                        skipped = true;
                        continue;
                    }

                    _output.Write(operation.Buffer.WrittenSpan);
                    if (_output.UnflushedBytes >= MaxUnflushedBytes && (await _output.FlushAsync().ConfigureAwait(false)).IsCompleted)
                    {
                        return;
                    }
                }

                if (skipped)
                {
                    lock (_sync)
                    {
                        DropSkippedHead();
                    }
                }

                if ((await _output.FlushAsync().ConfigureAwait(false)).IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            Abort(new RedisConnectionException($"Writing to Redis at {_endPoint} failed: {ex.Message}", ex));
        }
        finally
        {
            Abort(new RedisConnectionException($"The connection to Redis at {_endPoint} was closed."));
        }
    }
}
