using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Mmo.Redis.Protocol;

/// <summary>
/// Writes commands in the only form Redis requires of clients: an array of bulk strings,
/// <code>
///   *&lt;1 + argument count&gt;\r\n  $&lt;length&gt;\r\n&lt;command name&gt;\r\n  $&lt;length&gt;\r\n&lt;argument bytes&gt;\r\n ...
/// </code>
/// e.g. <c>SET k v</c> is <c>*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n</c>. Arguments are binary safe; strings are
/// written as UTF-8 and numbers as decimal text. Each write asks the <see cref="IBufferWriter{T}"/> for the
/// whole element at once (GetSpan, then Advance), so nothing is allocated here.
/// </summary>
internal static class RespWriter
{
    /// <summary>Longest header: type byte, 20 characters of a long, CRLF.</summary>
    private const int MaxHeaderLength = 1 + 20 + 2;

    public static void WriteArrayHeader(IBufferWriter<byte> writer, int count) =>
        WriteHeader(writer, (byte)RespType.Array, count);

    /// <summary>Writes bytes already encoded as a bulk string (command names, prepared once).</summary>
    public static void WriteRaw(IBufferWriter<byte> writer, ReadOnlySpan<byte> encoded)
    {
        encoded.CopyTo(writer.GetSpan(encoded.Length));
        writer.Advance(encoded.Length);
    }

    public static void WriteBulk(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        var span = writer.GetSpan(MaxHeaderLength + value.Length + 2);
        var written = FormatHeader(span, (byte)RespType.BulkString, value.Length);
        value.CopyTo(span[written..]);
        written += value.Length;
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        writer.Advance(written);
    }

    public static void WriteBulk(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = writer.GetSpan(MaxHeaderLength + length + 2);
        var written = FormatHeader(span, (byte)RespType.BulkString, length);
        written += Encoding.UTF8.GetBytes(value, span[written..]);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        writer.Advance(written);
    }

    public static void WriteBulk(IBufferWriter<byte> writer, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        WriteBulk(writer, digits[..length]);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte type, long value)
    {
        var written = FormatHeader(writer.GetSpan(MaxHeaderLength), type, value);
        writer.Advance(written);
    }

    private static int FormatHeader(Span<byte> span, byte type, long value)
    {
        span[0] = type;
        Utf8Formatter.TryFormat(value, span[1..], out var length);
        span[length + 1] = (byte)'\r';
        span[length + 2] = (byte)'\n';
        return length + 3;
    }
}
