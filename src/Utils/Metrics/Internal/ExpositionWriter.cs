using System.Buffers;
using System.Globalization;

namespace Mmo.Metrics.Internal;

/// <summary>
/// Appends UTF-8 to an <see cref="IBufferWriter{T}"/> through one span at a time, calling <c>Advance</c> only when
/// the span is full or at <see cref="Flush"/>: a scrape writes thousands of tiny pieces, and a GetSpan/Advance per
/// piece would cost more than the copying.
/// </summary>
internal ref struct ExpositionWriter(IBufferWriter<byte> output)
{
    private const int MinimumChunk = 4096;

    private Span<byte> _span;
    private int _position;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _span.Length - _position)
        {
            Grow(bytes.Length);
        }
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    public void Write(byte value)
    {
        if (_position == _span.Length)
        {
            Grow(1);
        }
        _span[_position++] = value;
    }

    /// <summary>Shortest round-trip text; <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c> spelled as both formats want them.</summary>
    public void Write(double value)
    {
        if (!double.IsFinite(value))
        {
            Write(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8);
            return;
        }
        if (_span.Length - _position < 32)
        {
            Grow(32);
        }
        value.TryFormat(_span[_position..], out var written, default, CultureInfo.InvariantCulture);
        _position += written;
    }

    public void Write(long value)
    {
        if (_span.Length - _position < 20)
        {
            Grow(20);
        }
        value.TryFormat(_span[_position..], out var written, default, CultureInfo.InvariantCulture);
        _position += written;
    }

    /// <summary>Hands what was written to the output; call once at the end.</summary>
    public void Flush()
    {
        if (_position > 0)
        {
            output.Advance(_position);
        }
        _span = default;
        _position = 0;
    }

    private void Grow(int needed)
    {
        Flush();
        _span = output.GetSpan(Math.Max(needed, MinimumChunk));
    }
}
