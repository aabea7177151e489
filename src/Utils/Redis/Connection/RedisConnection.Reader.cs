using System.Buffers;
using Mmo.Redis.Commands;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.Connection;

/// <summary>The reader loop: matches each reply to the oldest command sent (see the threading model on <see cref="RedisConnection"/>).</summary>
internal sealed partial class RedisConnection
{
    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = ProcessReplies(buffer);

                // Everything was examined: wait for more bytes before looking at an incomplete reply again.
                _input.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    Abort(new RedisConnectionException($"Redis at {_endPoint} closed the connection."));
                    return;
                }
            }
        }
        catch (RedisProtocolException ex)
        {
            Abort(ex);
        }
        catch (Exception ex)
        {
            Abort(new RedisConnectionException($"Reading from Redis at {_endPoint} failed: {ex.Message}", ex));
        }
    }

    /// <summary>Handles every complete reply in <paramref name="buffer"/>; returns where the first incomplete one starts.</summary>
    private SequencePosition ProcessReplies(in ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            var start = reader.Position;
            if (!RespReader.TrySkipReply(ref reader))
            {
                return start;
            }

            var frame = buffer.Slice(start, reader.Position);
            if (_pushHandler?.TryHandlePush(frame) == true)
            {
                continue;
            }

            var operation = DequeueSent() ??
                throw new RedisProtocolException($"Redis at {_endPoint} sent a reply that no command was waiting for.");
            operation.CompleteWithReply(frame);
            operation.Release();
        }
    }

    /// <summary>The oldest operation that was sent; operations skipped by the writer are dropped on the way.</summary>
    private RedisOperation? DequeueSent()
    {
        lock (_sync)
        {
            while (_pending.TryDequeue(out var operation))
            {
                if (operation.IsWritten)
                {
                    DropSkippedHead();
                    return operation;
                }

                if (!operation.IsSkipped)
                {
                    // Replies arrive only for sent commands, and commands are sent in FIFO order.
                    throw new RedisProtocolException($"Redis at {_endPoint} replied ahead of the commands sent to it.");
                }

                operation.Release();
            }

            return null;
        }
    }

    /// <summary>
    /// Drops the operations at the head of the FIFO that the writer skipped: no reply will come for them, so left
    /// there they would count against the pending limit until some later reply happened to pass them. Hold the lock.
    /// </summary>
    private void DropSkippedHead()
    {
        while (_pending.TryPeek(out var operation) && operation.IsSkipped)
        {
            _pending.Dequeue();
            operation.Release();
        }
    }
}
