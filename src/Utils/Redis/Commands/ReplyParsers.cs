using System.Buffers;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.Commands;

/// <summary>The reply shapes of the typed commands.</summary>
internal static class ReplyParsers
{
    /// <summary>"+OK" (or any status) is true; a null reply (SET NX/XX that did not apply) is false.</summary>
    public static readonly ReplyParser<bool> Ok = new OkParser();

    public static readonly ReplyParser<long> Integer = new IntegerParser();

    /// <summary>Integer replies that answer yes or no (1 or 0): EXPIRE, SADD of one member, HDEL of one field.</summary>
    public static readonly ReplyParser<bool> IntegerIsNonZero = new IntegerIsNonZeroParser();

    /// <summary>TTL: seconds left, or null when the key is missing (-2) or never expires (-1).</summary>
    public static readonly ReplyParser<TimeSpan?> Ttl = new TtlParser();

    public static readonly ReplyParser<byte[]?> Bytes = new BytesParser();

    public static readonly ReplyParser<string?> String = new StringParser();

    public static readonly ReplyParser<byte[]?[]> BytesArray = new ArrayParser<byte[]?>(Bytes);

    public static readonly ReplyParser<string?[]> StringArray = new ArrayParser<string?>(String);

    // Replies that are never null (SCRIPT LOAD's SHA-1, set members): the same parsers, typed without the '?'.
    public static readonly ReplyParser<string> NonNullString = String!;

    public static readonly ReplyParser<byte[][]> BytesMembers = new ArrayParser<byte[]>(Bytes!);

    public static readonly ReplyParser<string[]> StringMembers = new ArrayParser<string>(String!);

    public static readonly ReplyParser<KeyValuePair<byte[], byte[]>[]> BytesHash = new BytesHashParser();

    public static readonly ReplyParser<Dictionary<string, string>> StringHash = new StringHashParser();

    public static readonly ReplyParser<RedisResult> Result = new ResultParser();

    /// <summary>Any reply is success (SUBSCRIBE confirmations); error replies still fail the command.</summary>
    public static readonly ReplyParser<bool> Any = new AnyParser();

    private sealed class OkParser : ReplyParser<bool>
    {
        public override bool Parse(ref SequenceReader<byte> reader) => RespReader.TryReadBulk(ref reader, out _);
    }

    private sealed class IntegerParser : ReplyParser<long>
    {
        public override long Parse(ref SequenceReader<byte> reader) => RespReader.ReadInteger(ref reader);
    }

    private sealed class IntegerIsNonZeroParser : ReplyParser<bool>
    {
        public override bool Parse(ref SequenceReader<byte> reader) => RespReader.ReadInteger(ref reader) != 0;
    }

    private sealed class TtlParser : ReplyParser<TimeSpan?>
    {
        public override TimeSpan? Parse(ref SequenceReader<byte> reader) =>
            RespReader.ReadInteger(ref reader) is var seconds and >= 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    private sealed class BytesParser : ReplyParser<byte[]?>
    {
        public override byte[]? Parse(ref SequenceReader<byte> reader) => RespReader.ReadBulkBytes(ref reader);
    }

    private sealed class StringParser : ReplyParser<string?>
    {
        public override string? Parse(ref SequenceReader<byte> reader) => RespReader.ReadBulkString(ref reader);
    }

    private sealed class ArrayParser<TItem>(ReplyParser<TItem> item) : ReplyParser<TItem[]>
    {
        public override TItem[] Parse(ref SequenceReader<byte> reader)
        {
            var length = RespReader.ReadArrayLength(ref reader);
            if (length <= 0)
            {
                return [];
            }

            var items = new TItem[length];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = item.Parse(ref reader);
            }

            return items;
        }
    }

    private sealed class BytesHashParser : ReplyParser<KeyValuePair<byte[], byte[]>[]>
    {
        public override KeyValuePair<byte[], byte[]>[] Parse(ref SequenceReader<byte> reader)
        {
            var entries = new KeyValuePair<byte[], byte[]>[Math.Max(0, RespReader.ReadArrayLength(ref reader) / 2)];
            for (var i = 0; i < entries.Length; i++)
            {
                var field = RespReader.ReadBulkBytes(ref reader) ?? [];
                entries[i] = new(field, RespReader.ReadBulkBytes(ref reader) ?? []);
            }

            return entries;
        }
    }

    private sealed class StringHashParser : ReplyParser<Dictionary<string, string>>
    {
        public override Dictionary<string, string> Parse(ref SequenceReader<byte> reader)
        {
            var count = (int)Math.Max(0, RespReader.ReadArrayLength(ref reader) / 2);
            var entries = new Dictionary<string, string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var field = RespReader.ReadBulkString(ref reader) ?? string.Empty;
                entries[field] = RespReader.ReadBulkString(ref reader) ?? string.Empty;
            }

            return entries;
        }
    }

    private sealed class ResultParser : ReplyParser<RedisResult>
    {
        public override RedisResult Parse(ref SequenceReader<byte> reader) => RespReader.ReadResult(ref reader);
    }

    private sealed class AnyParser : ReplyParser<bool>
    {
        public override bool Parse(ref SequenceReader<byte> reader) => true;
    }
}
