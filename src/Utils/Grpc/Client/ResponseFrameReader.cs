using System.Buffers;
using System.Buffers.Binary;
using Grpc.Core;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Client;

/// <summary>
/// Reads length-prefixed messages from a response body stream into one pooled buffer. A payload
/// stays valid until the next read. The length is checked before buffering, so a hostile length
/// prefix costs nothing.
/// </summary>
internal sealed class ResponseFrameReader(Stream stream, int maxMessageSize) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _start;
    private int _end;

    public bool Compressed { get; private set; }

    public ReadOnlySequence<byte> Payload { get; private set; }

    /// <summary>Reads the next frame; false at the end of the body.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(GrpcProtocol.HeaderSize, cancellationToken).ConfigureAwait(false))
        {
            if (_end == _start)
            {
                return false;
            }
            throw Incomplete();
        }
        var flag = _buffer[_start];
        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 1, 4));
        if (flag > 1)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Invalid message flag {flag} in the response."));
        }
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({length} > {maxMessageSize} bytes)."));
        }
        var frameLength = GrpcProtocol.HeaderSize + (int)length;
        if (!await FillAsync(frameLength, cancellationToken).ConfigureAwait(false))
        {
            throw Incomplete();
        }
        Compressed = flag == 1;
        Payload = new ReadOnlySequence<byte>(_buffer, _start + GrpcProtocol.HeaderSize, (int)length);
        _start += frameLength;
        return true;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Payload = default;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private ValueTask<bool> FillAsync(int needed, CancellationToken cancellationToken) =>
        _end - _start >= needed ? ValueTask.FromResult(true) : FillSlowAsync(needed, cancellationToken);

    private async ValueTask<bool> FillSlowAsync(int needed, CancellationToken cancellationToken)
    {
        if (_buffer.Length - _start < needed)
        {
            var target = _buffer.Length >= needed ? _buffer : ArrayPool<byte>.Shared.Rent(needed);
            _buffer.AsSpan(_start, _end - _start).CopyTo(target);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < needed)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }
            _end += read;
        }
        return true;
    }

    private static RpcException Incomplete() =>
        new(new Status(StatusCode.Internal, "Incomplete message: the response ended inside a message."));
}
