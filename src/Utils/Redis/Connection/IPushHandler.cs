using System.Buffers;

namespace Mmo.Redis.Connection;

/// <summary>
/// Takes the frames a connection receives that answer no command: pub/sub messages on the subscriber
/// connection. Called on the connection's reader loop, so it must not block.
/// </summary>
internal interface IPushHandler
{
    /// <summary>Handles <paramref name="frame"/> and returns true if it is a push; false lets it answer the oldest command.</summary>
    bool TryHandlePush(in ReadOnlySequence<byte> frame);
}
