using System.Buffers;
using System.Buffers.Binary;
using Grpc.Core;

namespace Mmo.Grpc.Internal;

/// <summary>
/// Parses length-prefixed messages and hands their payload to a marshaller. Limits are checked
/// on the header, before the payload is buffered, so an oversized length never allocates.
/// One instance serves one call, one read at a time.
/// </summary>
internal sealed class MessageReader : DeserializationContext
{
    private readonly int _maxMessageSize;
    private readonly string? _encoding;
    private ReadOnlySequence<byte> _payload;

    /// <param name="maxMessageSize">Largest payload accepted, after decompression.</param>
    /// <param name="encoding">The call's grpc-encoding, or null for none.</param>
    public MessageReader(int maxMessageSize, string? encoding)
    {
        _maxMessageSize = maxMessageSize;
        _encoding = encoding is null || string.Equals(encoding, GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase) ? null : encoding;
    }

    public override int PayloadLength => (int)_payload.Length;

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => _payload;

    /// <summary>
    /// Tries to take one whole message from the front of <paramref name="buffer"/>.
    /// False when more bytes are needed; throws <see cref="RpcException"/> on a protocol error.
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (flag > 1)
        {
            throw Error(StatusCode.Internal, $"Invalid message flag {flag}.");
        }
        if (length > (uint)_maxMessageSize)
        {
            throw Error(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({length} > {_maxMessageSize} bytes).");
        }
        if (buffer.Length < GrpcProtocol.HeaderSize + length)
        {
            return false;
        }
        compressed = flag == 1;
        payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Runs the marshaller over one frame's payload, inflating it first if it is compressed.</summary>
    public T Deserialize<T>(Marshaller<T> marshaller, bool compressed, ReadOnlySequence<byte> payload)
    {
        if (compressed)
        {
            if (_encoding is null)
            {
                throw Error(StatusCode.Internal, "Received a compressed message but no grpc-encoding was given.");
            }
            if (!MessageCompression.IsSupported(_encoding))
            {
                throw Error(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{_encoding}'. Supported: {GrpcProtocol.SupportedEncodings}.");
            }
            byte[]? inflated;
            try
            {
                inflated = MessageCompression.Decompress(payload, _maxMessageSize);
            }
            catch (InvalidDataException ex)
            {
                // Corrupt or truncated gzip is the peer's protocol error, not a fault of the handler.
                throw new RpcException(new Status(StatusCode.Internal, $"Failed to decompress the message with grpc-encoding '{_encoding}'.", ex));
            }
            payload = new ReadOnlySequence<byte>(inflated
                ?? throw Error(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({_maxMessageSize} bytes) once decompressed."));
        }
        _payload = payload;
        try
        {
            return marshaller.ContextualDeserializer(this);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to deserialize the message.", ex));
        }
        finally
        {
            _payload = default;
        }
    }

    private static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));
}
