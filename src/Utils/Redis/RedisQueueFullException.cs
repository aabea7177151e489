namespace Mmo.Redis;

/// <summary>
/// <see cref="RedisOptions.MaxPendingCommands"/> commands are already waiting for Redis, so this one was rejected
/// at once instead of growing memory. Redis is not keeping up; treat it like an outage.
/// </summary>
public sealed class RedisQueueFullException : RedisException
{
    public RedisQueueFullException(string message)
        : base(message)
    {
    }
}
