using System.Buffers;
using System.Buffers.Binary;
using Grpc.Core;

namespace Mmo.Grpc.Internal;

/// <summary>
/// Writes length-prefixed messages (flag byte, 4-byte big-endian length, payload) into an
/// <see cref="IBufferWriter{T}"/>. When the marshaller announces its length and the message is
/// not compressed, the payload is serialized straight into the output after the header; otherwise
/// it is buffered, compressed if asked, then framed. One instance serves one call, one write at a time.
/// </summary>
internal sealed class MessageWriter : SerializationContext, IBufferWriter<byte>
{
    private readonly int _maxMessageSize;
    private IBufferWriter<byte>? _output;
    private bool _compress;
    private int _announcedLength = -1;
    private int _written;
    private ArrayBufferWriter<byte>? _buffer;
    private bool _completed;

    public MessageWriter(int maxMessageSize) => _maxMessageSize = maxMessageSize;

    /// <summary>Serializes one message into <paramref name="output"/>, framed.</summary>
    public void Write<T>(IBufferWriter<byte> output, Marshaller<T> marshaller, T message, bool compress)
    {
        _output = output;
        _compress = compress;
        _announcedLength = -1;
        _written = 0;
        _completed = false;
        try
        {
            marshaller.ContextualSerializer(message, this);
            if (!_completed)
            {
                throw new InvalidOperationException("The message serializer did not complete the message.");
            }
        }
        finally
        {
            _output = null;
            _buffer?.ResetWrittenCount();
        }
    }

    public override void SetPayloadLength(int payloadLength)
    {
        CheckSize(payloadLength);
        _announcedLength = payloadLength;
        if (!_compress)
        {
            WriteHeader(_output!, compressed: false, payloadLength);
        }
    }

    public override IBufferWriter<byte> GetBufferWriter()
    {
        if (_announcedLength >= 0 && !_compress)
        {
            return this;
        }
        return _buffer ??= new ArrayBufferWriter<byte>(256);
    }

    public override void Complete()
    {
        if (_announcedLength >= 0 && !_compress)
        {
            if (_written != _announcedLength)
            {
                throw new InvalidOperationException($"The serializer announced {_announcedLength} bytes but wrote {_written}.");
            }
        }
        else
        {
            WriteFramed(_buffer is null ? default : _buffer.WrittenSpan);
        }
        _completed = true;
    }

    public override void Complete(byte[] payload)
    {
        WriteFramed(payload);
        _completed = true;
    }

    void IBufferWriter<byte>.Advance(int count)
    {
        _written += count;
        _output!.Advance(count);
    }

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint) => _output!.GetMemory(sizeHint);

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => _output!.GetSpan(sizeHint);

    private void WriteFramed(ReadOnlySpan<byte> payload)
    {
        CheckSize(payload.Length);
        if (_compress)
        {
            payload = MessageCompression.Compress(payload);
        }
        WriteHeader(_output!, _compress, payload.Length);
        _output!.Write(payload);
    }

    private void CheckSize(int length)
    {
        if (length > _maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({length} > {_maxMessageSize} bytes)."));
        }
    }

    public static void WriteHeader(IBufferWriter<byte> output, bool compressed, int length)
    {
        var span = output.GetSpan(GrpcProtocol.HeaderSize);
        span[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        output.Advance(GrpcProtocol.HeaderSize);
    }
}
