using System.Buffers;

namespace Grpc.Core;

/// <summary>One received message's payload, as handed to a marshaller.</summary>
public abstract class DeserializationContext
{
    /// <summary>Payload length in bytes.</summary>
    public abstract int PayloadLength { get; }

    /// <summary>A copy of the payload in a new array.</summary>
    public virtual byte[] PayloadAsNewBuffer() => PayloadAsReadOnlySequence().ToArray();

    /// <summary>The payload without a copy; valid only during the deserializer call.</summary>
    public virtual ReadOnlySequence<byte> PayloadAsReadOnlySequence() => throw new NotSupportedException();
}
