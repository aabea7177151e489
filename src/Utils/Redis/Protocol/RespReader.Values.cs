using System.Buffers;
using System.Text;

namespace Mmo.Redis.Protocol;

/// <summary>
/// Typed readers over a reply already known to be complete (found by <see cref="TrySkipReply"/>), so running out
/// of bytes here is a bug, not a wait for more data. A reply of the wrong type throws
/// <see cref="RedisProtocolException"/>, which fails only the command it answers.
/// </summary>
internal static partial class RespReader
{
    /// <summary>Nesting limit of <see cref="ReadResult"/> (Lua scripts and commands nest far less).</summary>
    public const int MaxDepth = 64;

    /// <summary>The text of an error reply ("-ERR ...\r\n" gives "ERR ...").</summary>
    public static string ReadErrorText(in ReadOnlySequence<byte> frame)
    {
        var reader = new SequenceReader<byte>(frame);
        reader.Advance(1);
        return reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8) ? Encoding.UTF8.GetString(line) : throw Incomplete();
    }

    public static long ReadInteger(ref SequenceReader<byte> reader)
    {
        var type = ReadHeaderOrLine(ref reader, out var value, out _);
        return type == RespType.Integer ? value : throw Unexpected(type, "an integer");
    }

    /// <summary>Reads an array header: the element count, or -1 for a null array.</summary>
    public static long ReadArrayLength(ref SequenceReader<byte> reader)
    {
        var type = ReadHeaderOrLine(ref reader, out var value, out _);
        return type == RespType.Array ? value : throw Unexpected(type, "an array");
    }

    /// <summary>A bulk or simple string as a slice of the input (no copy); false for a null bulk string.</summary>
    public static bool TryReadBulk(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> value)
    {
        var type = ReadHeaderOrLine(ref reader, out var length, out value);
        switch (type)
        {
            case RespType.SimpleString:
                return true;
            case RespType.BulkString when length < 0:
                return false;
            case RespType.BulkString:
                value = reader.UnreadSequence.Slice(0, length);
                reader.Advance(length + 2);
                return true;
            default:
                throw Unexpected(type, "a string");
        }
    }

    public static byte[]? ReadBulkBytes(ref SequenceReader<byte> reader) =>
        TryReadBulk(ref reader, out var value) ? value.ToArray() : null;

    public static string? ReadBulkString(ref SequenceReader<byte> reader) =>
        TryReadBulk(ref reader, out var value) ? Encoding.UTF8.GetString(value) : null;

    /// <summary>Reads any reply into a <see cref="RedisResult"/> tree; error replies nested in arrays become error items.</summary>
    public static RedisResult ReadResult(ref SequenceReader<byte> reader, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new RedisProtocolException($"Redis sent a reply nested deeper than {MaxDepth} levels.");
        }

        var type = ReadHeaderOrLine(ref reader, out var value, out var line);
        switch (type)
        {
            case RespType.SimpleString:
                return RedisResult.FromSimpleString(Encoding.UTF8.GetString(line));
            case RespType.Error:
                return RedisResult.FromError(Encoding.UTF8.GetString(line));
            case RespType.Integer:
                return RedisResult.FromInteger(value);
            case RespType.BulkString when value < 0:
            case RespType.Array when value < 0:
                return RedisResult.Null;
            case RespType.BulkString:
                var bytes = reader.UnreadSequence.Slice(0, value).ToArray();
                reader.Advance(value + 2);
                return RedisResult.FromBulkString(bytes);
            default:
                var items = new RedisResult[value];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ReadResult(ref reader, depth + 1);
                }

                return RedisResult.FromArray(items);
        }
    }

    /// <summary>Reads the next header; for simple strings and errors also returns the text of the line.</summary>
    private static RespType ReadHeaderOrLine(ref SequenceReader<byte> reader, out long value, out ReadOnlySequence<byte> line)
    {
        line = default;
        value = 0;
        if (!reader.TryPeek(out var prefix))
        {
            throw Incomplete();
        }

        if (prefix is (byte)RespType.SimpleString or (byte)RespType.Error)
        {
            reader.Advance(1);
            return reader.TryReadTo(out line, "\r\n"u8) ? (RespType)prefix : throw Incomplete();
        }

        return TryReadHeader(ref reader, out var type, out value) ? type : throw Incomplete();
    }

    private static RedisProtocolException Unexpected(RespType type, string expected) =>
        new($"Redis replied with {Describe(type)} where {expected} was expected.");

    private static string Describe(RespType type) => type switch
    {
        RespType.SimpleString => "a simple string",
        RespType.Error => "an error",
        RespType.Integer => "an integer",
        RespType.BulkString => "a bulk string",
        _ => "an array",
    };

    private static InvalidOperationException Incomplete() =>
        new("A RESP reply was decoded before it was complete.");
}
