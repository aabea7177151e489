using System.Buffers;

namespace Mmo.Redis.Commands;

/// <summary>
/// The encoded bytes of one command, in an array rented from <see cref="ArrayPool{T}.Shared"/> and kept with its
/// pooled operation, so a steady stream of commands allocates no buffers. A buffer grown past
/// <see cref="MaxRetainedLength"/> by a big value goes back to the pool instead of being kept.
/// </summary>
internal sealed class CommandBuffer : IBufferWriter<byte>
{
    private const int InitialLength = 256;
    private const int MaxRetainedLength = 16 * 1024;

    private byte[] _buffer = [];
    private int _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _length);
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Empties the buffer for the next command.</summary>
    public void Clear()
    {
        _length = 0;
        if (_buffer.Length > MaxRetainedLength)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialLength, _buffer.Length * 2)));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = grown;
    }
}
