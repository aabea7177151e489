namespace Mmo.Redis;

/// <summary>Redis answered the command with an error reply (for example <c>WRONGTYPE ...</c> or <c>NOSCRIPT ...</c>).</summary>
public sealed class RedisServerException : RedisException
{
    /// <param name="message">The error text exactly as Redis sent it, without the leading <c>-</c>.</param>
    public RedisServerException(string message)
        : base(message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        ErrorCode = space > 0 ? message[..space] : message;
    }

    /// <summary>The first word of the error, by Redis convention its kind: <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>WRONGPASS</c>...</summary>
    public string ErrorCode { get; }
}
