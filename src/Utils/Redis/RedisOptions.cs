namespace Mmo.Redis;

/// <summary>
/// Settings of a <see cref="RedisClient"/>, usually parsed from a connection string by <see cref="Parse"/>
/// (format and defaults in docs/redis.md). Read once when the client is created.
/// </summary>
public sealed partial class RedisOptions
{
    /// <summary>Host name or IP address of the server. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the server. Default 6379.</summary>
    public int Port { get; set; } = 6379;

    /// <summary>ACL user name (Redis 6+) sent with <c>AUTH user password</c>; null for the default user.</summary>
    public string? User { get; set; }

    /// <summary>Password sent with <c>AUTH</c> on every connect; null for none.</summary>
    public string? Password { get; set; }

    /// <summary>Database selected with <c>SELECT</c> on every connect. Default 0.</summary>
    public int Database { get; set; }

    /// <summary>Name given to the connections with <c>CLIENT SETNAME</c> (shown by <c>CLIENT LIST</c>); null for none.</summary>
    public string? ClientName { get; set; }

    /// <summary>Longest time to open a connection, including AUTH and SELECT. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest time a caller waits for a command, from the call to the reply, including any wait for the first
    /// connection. Checked every <c>CommandTimeout / 20</c> (at most 100 ms), the precision of the timeout. Default 2 s.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First delay before reconnecting; doubled after each failed attempt, with jitter. Default 100 ms.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnect attempts. Default 5 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most commands queued or awaiting their reply on one connection; a command beyond it fails at once with
    /// <see cref="RedisQueueFullException"/>. Default 10,000.
    /// </summary>
    public int MaxPendingCommands { get; set; } = 10_000;

    /// <summary>
    /// Messages buffered per subscription for a reader that falls behind; beyond it the oldest are dropped (and
    /// counted in <see cref="RedisSubscription.DroppedMessages"/>). Default 1,024.
    /// </summary>
    public int SubscriptionBufferCapacity { get; set; } = 1024;

    /// <summary>"host:port" as used in log and error messages.</summary>
    internal string EndPoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(!string.IsNullOrWhiteSpace(Host), nameof(Host), "must not be empty");
        Check(Port is > 0 and <= 65535, nameof(Port), "must be between 1 and 65535");
        Check(Database >= 0, nameof(Database), "must be 0 or more");
        Check(User is null || Password is not null, nameof(User), "needs a password too");
        Check(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Check(CommandTimeout > TimeSpan.Zero, nameof(CommandTimeout), "must be positive");
        Check(ReconnectMinDelay > TimeSpan.Zero, nameof(ReconnectMinDelay), "must be positive");
        Check(ReconnectMaxDelay >= ReconnectMinDelay, nameof(ReconnectMaxDelay), "must be at least ReconnectMinDelay");
        Check(MaxPendingCommands > 0, nameof(MaxPendingCommands), "must be positive");
        Check(SubscriptionBufferCapacity > 0, nameof(SubscriptionBufferCapacity), "must be positive");
    }

    internal RedisOptions Clone() => (RedisOptions)MemberwiseClone();

    private static void Check(bool valid, string name, string rule)
    {
        if (!valid)
        {
            throw new ArgumentException($"Invalid Redis setting {name}: it {rule}.", name);
        }
    }
}
