using System.Buffers;

namespace Grpc.Core;

/// <summary>
/// Where a marshaller writes one message: either <see cref="Complete(byte[])"/> with the whole
/// payload, or <see cref="SetPayloadLength"/>, writes to <see cref="GetBufferWriter"/>, then <see cref="Complete()"/>.
/// </summary>
public abstract class SerializationContext
{
    /// <summary>Completes the message with a payload that the runtime now owns.</summary>
    public virtual void Complete(byte[] payload) => throw new NotSupportedException();

    /// <summary>A writer for the payload; valid until <see cref="Complete()"/>.</summary>
    public virtual IBufferWriter<byte> GetBufferWriter() => throw new NotSupportedException();

    /// <summary>Announces the payload length before it is written (lets the runtime write the frame header first).</summary>
    public virtual void SetPayloadLength(int payloadLength)
    {
    }

    /// <summary>Ends a payload written through <see cref="GetBufferWriter"/>.</summary>
    public virtual void Complete() => throw new NotSupportedException();
}
