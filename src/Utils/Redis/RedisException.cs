namespace Mmo.Redis;

/// <summary>
/// Base of every failure the Redis client reports. Catch it (or one of its subclasses) to fall back to the
/// database: <see cref="RedisConnectionException"/>, <see cref="RedisTimeoutException"/> and
/// <see cref="RedisQueueFullException"/> mean Redis could not answer; <see cref="RedisServerException"/> means it
/// answered with an error, which is usually a bug in the caller.
/// </summary>
public class RedisException : Exception
{
    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
