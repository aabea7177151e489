namespace Mmo.Redis;

/// <summary>
/// Redis is unavailable: the connection could not be opened or authenticated, or it was lost while the command
/// was queued or waiting for its reply. The client keeps reconnecting in the background; callers should fall
/// back (for example to the database) rather than retry in a loop.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
