namespace Mmo.Redis;

/// <summary>
/// Redis sent something this client cannot read: a malformed reply (the connection is then closed and
/// reopened) or a reply of an unexpected type for the command (only that command fails).
/// </summary>
public sealed class RedisProtocolException : RedisException
{
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
