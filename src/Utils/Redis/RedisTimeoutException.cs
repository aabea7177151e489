namespace Mmo.Redis;

/// <summary>
/// A command got no reply within <see cref="RedisOptions.CommandTimeout"/>. The command may still run on the
/// server; its late reply is discarded.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    public RedisTimeoutException(string message)
        : base(message)
    {
    }
}
