using System.Buffers;

namespace Mmo.Redis.Protocol;

/// <summary>
/// Finds and reads RESP2 replies (https://redis.io/docs/latest/develop/reference/protocol-spec/). A reply is one
/// of five frames, each starting with a type byte and ending with CRLF:
/// <code>
///   +&lt;text&gt;\r\n                  simple string: "+OK\r\n"; text never contains CR or LF
///   -&lt;text&gt;\r\n                  error: "-WRONGTYPE Operation against a key ...\r\n"; first word is the kind
///   :&lt;int64&gt;\r\n                 integer: ":-2\r\n"
///   $&lt;length&gt;\r\n&lt;bytes&gt;\r\n      bulk string, binary safe (may contain \0 and \r\n): "$3\r\nfoo\r\n";
///                                 "$-1\r\n" is null
///   *&lt;count&gt;\r\n&lt;count replies&gt;   array of any replies, nested to any depth; "*-1\r\n" is null
/// </code>
/// Reading is done in two passes over a <see cref="ReadOnlySequence{T}"/> that may be split anywhere across
/// segments: <see cref="TrySkipReply"/> finds where one complete reply ends without allocating (a bulk payload
/// is skipped by its length), then the typed readers in <c>RespReader.Values.cs</c> decode that complete frame.
/// A frame that is not complete yet leaves the input untouched, to be retried when more bytes arrive.
/// </summary>
internal static partial class RespReader
{
    /// <summary>Redis' own limit (proto-max-bulk-len): a longer bulk string means the stream is corrupt.</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Arrays longer than this are treated as corrupt data rather than allocated.</summary>
    public const long MaxArrayLength = int.MaxValue / 2;

    /// <summary>
    /// Advances past one complete reply. Returns false, with <paramref name="reader"/> left at an unspecified
    /// position, when the reply is not complete yet; throws <see cref="RedisProtocolException"/> on malformed input.
    /// </summary>
    public static bool TrySkipReply(ref SequenceReader<byte> reader)
    {
        // Iterative, not recursive: a deeply nested array from a hostile or corrupt stream cannot overflow the stack.
        long remaining = 1;
        while (remaining > 0)
        {
            if (!TryReadHeader(ref reader, out var type, out var value))
            {
                return false;
            }

            remaining--;
            if (type == RespType.BulkString && value >= 0)
            {
                if (reader.Remaining < value + 2)
                {
                    return false;
                }

                reader.Advance(value);
                ExpectCrlf(ref reader);
            }
            else if (type == RespType.Array && value > 0)
            {
                remaining += value;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads a type byte and its header line. For integers, bulk strings and arrays <paramref name="value"/> is the
    /// number on the line (-1 for null); for simple strings and errors the line is skipped and value is 0.
    /// </summary>
    public static bool TryReadHeader(ref SequenceReader<byte> reader, out RespType type, out long value)
    {
        value = 0;
        if (!reader.TryRead(out var prefix))
        {
            type = default;
            return false;
        }

        type = (RespType)prefix;
        switch (type)
        {
            case RespType.SimpleString:
            case RespType.Error:
                return reader.TryAdvanceTo((byte)'\n');
            case RespType.Integer:
                return TryReadInteger(ref reader, out value);
            case RespType.BulkString:
                if (!TryReadInteger(ref reader, out value))
                {
                    return false;
                }

                if (value < -1 || value > MaxBulkLength)
                {
                    throw Corrupt($"bulk string length {value}");
                }

                return true;
            case RespType.Array:
                if (!TryReadInteger(ref reader, out value))
                {
                    return false;
                }

                if (value < -1 || value > MaxArrayLength)
                {
                    throw Corrupt($"array length {value}");
                }

                return true;
            default:
                throw Corrupt($"type byte 0x{prefix:X2}");
        }
    }

    /// <summary>Reads a signed decimal followed by CRLF; at most 19 digits, as in a 64-bit integer.</summary>
    private static bool TryReadInteger(ref SequenceReader<byte> reader, out long value)
    {
        value = 0;
        if (!reader.TryPeek(out var next))
        {
            return false;
        }

        var negative = next == '-';
        if (negative)
        {
            reader.Advance(1);
        }

        ulong magnitude = 0;
        var digits = 0;
        while (true)
        {
            if (!reader.TryRead(out next))
            {
                return false;
            }

            if (next == '\r')
            {
                break;
            }

            var digit = (uint)(next - '0');
            if (digit > 9 || ++digits > 19)
            {
                throw Corrupt("integer");
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (!reader.TryRead(out next))
        {
            return false;
        }

        if (next != '\n' || digits == 0 || magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            throw Corrupt("integer");
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    private static void ExpectCrlf(ref SequenceReader<byte> reader)
    {
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw Corrupt("bulk string terminator");
        }
    }

    private static RedisProtocolException Corrupt(string what) =>
        new($"Redis sent a malformed reply (bad {what}); the connection will be reopened.");
}
