namespace Mmo.Redis;

/// <summary>The kind of a <see cref="RedisResult"/>, one per RESP2 reply type.</summary>
public enum RedisResultType
{
    /// <summary>A null bulk string or null array (<c>$-1</c>, <c>*-1</c>); Lua's <c>false</c> and <c>nil</c>.</summary>
    Null,

    /// <summary>A status reply such as <c>OK</c>.</summary>
    SimpleString,

    /// <summary>An error nested inside an array (a top-level error throws <see cref="RedisServerException"/> instead).</summary>
    Error,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A binary-safe string.</summary>
    BulkString,

    /// <summary>An array of results.</summary>
    Array,
}
