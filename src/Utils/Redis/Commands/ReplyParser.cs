using System.Buffers;

namespace Mmo.Redis.Commands;

/// <summary>
/// Turns one complete, non-error reply into a command's result. Instances are stateless singletons
/// (<see cref="ReplyParsers"/>) run on the connection's reader while the bytes are still in its buffer.
/// </summary>
internal abstract class ReplyParser<T>
{
    public abstract T Parse(ref SequenceReader<byte> reader);
}
