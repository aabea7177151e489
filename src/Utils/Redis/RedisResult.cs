using System.Globalization;
using System.Text;

namespace Mmo.Redis;

/// <summary>
/// A reply of any shape, as returned by scripts (<c>EVAL</c>, <c>EVALSHA</c>) and
/// <see cref="IRedisClient.ExecuteAsync(string, ReadOnlySpan{string}, CancellationToken)"/>.
/// </summary>
public sealed class RedisResult
{
    /// <summary>The null reply.</summary>
    public static readonly RedisResult Null = new(RedisResultType.Null, 0, null, null, null);

    private readonly long _integer;
    private readonly byte[]? _bytes;
    private readonly string? _text;
    private readonly RedisResult[]? _items;

    private RedisResult(RedisResultType type, long integer, byte[]? bytes, string? text, RedisResult[]? items)
    {
        Type = type;
        _integer = integer;
        _bytes = bytes;
        _text = text;
        _items = items;
    }

    public RedisResultType Type { get; }

    public bool IsNull => Type == RedisResultType.Null;

    /// <summary>The elements of an array reply; empty for any other type.</summary>
    public IReadOnlyList<RedisResult> Items => _items ?? [];

    /// <summary>The element <paramref name="index"/> of an array reply.</summary>
    public RedisResult this[int index] => (_items ?? throw NotA("an array"))[index];

    /// <summary>An integer reply, or a string reply holding a decimal integer.</summary>
    public long AsInt64() => Type switch
    {
        RedisResultType.Integer => _integer,
        RedisResultType.BulkString or RedisResultType.SimpleString
            when long.TryParse(AsString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw NotA("an integer"),
    };

    /// <summary>The text of a string, status or error reply (UTF-8), an integer in decimal, or null for the null reply.</summary>
    public string? AsString() => Type switch
    {
        RedisResultType.Null => null,
        RedisResultType.BulkString => Encoding.UTF8.GetString(_bytes!),
        RedisResultType.SimpleString or RedisResultType.Error => _text,
        RedisResultType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => throw NotA("a string"),
    };

    /// <summary>The bytes of a bulk string (or the UTF-8 of a status or integer), or null for the null reply.</summary>
    public byte[]? AsBytes() => Type switch
    {
        RedisResultType.BulkString => _bytes,
        RedisResultType.Null => null,
        RedisResultType.Array => throw NotA("a string"),
        _ => Encoding.UTF8.GetBytes(AsString()!),
    };

    public override string ToString() => Type switch
    {
        RedisResultType.Null => "(nil)",
        RedisResultType.Array => "[" + string.Join(", ", Items) + "]",
        RedisResultType.Error => "(error) " + _text,
        _ => AsString()!,
    };

    internal static RedisResult FromSimpleString(string text) => new(RedisResultType.SimpleString, 0, null, text, null);

    internal static RedisResult FromError(string text) => new(RedisResultType.Error, 0, null, text, null);

    internal static RedisResult FromInteger(long value) => new(RedisResultType.Integer, value, null, null, null);

    internal static RedisResult FromBulkString(byte[] bytes) => new(RedisResultType.BulkString, 0, bytes, null, null);

    internal static RedisResult FromArray(RedisResult[] items) => new(RedisResultType.Array, 0, null, null, items);

    private InvalidCastException NotA(string what) => new($"The Redis reply is {Type}, not {what}.");
}
