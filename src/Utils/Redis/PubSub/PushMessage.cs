using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.PubSub;

/// <summary>
/// Recognises the pushes of a subscribed RESP2 connection:
/// <code>
///   *3\r\n $7\r\nmessage\r\n  $&lt;n&gt;\r\n&lt;channel&gt;\r\n  $&lt;n&gt;\r\n&lt;payload&gt;\r\n
///   *4\r\n $8\r\npmessage\r\n $&lt;n&gt;\r\n&lt;pattern&gt;\r\n  $&lt;n&gt;\r\n&lt;channel&gt;\r\n  $&lt;n&gt;\r\n&lt;payload&gt;\r\n
/// </code>
/// Everything else on that connection - the <c>subscribe</c>/<c>unsubscribe</c> confirmations, which are arrays
/// too - answers a command in FIFO order.
/// </summary>
internal static class PushMessage
{
    public static bool TryParse(in ReadOnlySequence<byte> frame, [NotNullWhen(true)] out RedisMessage? message)
    {
        message = null;
        var reader = new SequenceReader<byte>(frame);
        if (!reader.IsNext((byte)RespType.Array))
        {
            return false;
        }

        var length = RespReader.ReadArrayLength(ref reader);
        if (length is not (3 or 4) || !reader.IsNext((byte)RespType.BulkString) || !RespReader.TryReadBulk(ref reader, out var kind))
        {
            return false;
        }

        string? pattern = null;
        if (length == 4 && Is(kind, "pmessage"u8))
        {
            pattern = RespReader.ReadBulkString(ref reader);
        }
        else if (length != 3 || !Is(kind, "message"u8))
        {
            return false;
        }

        var channel = RespReader.ReadBulkString(ref reader) ?? string.Empty;
        message = new RedisMessage(channel, pattern, RespReader.ReadBulkBytes(ref reader) ?? []);
        return true;
    }

    private static bool Is(in ReadOnlySequence<byte> value, ReadOnlySpan<byte> expected)
    {
        if (value.Length != expected.Length)
        {
            return false;
        }

        if (value.IsSingleSegment)
        {
            return value.FirstSpan.SequenceEqual(expected);
        }

        Span<byte> copy = stackalloc byte[expected.Length];
        value.CopyTo(copy);
        return copy.SequenceEqual(expected);
    }
}
