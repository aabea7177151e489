namespace Mmo.Redis.Internal;

/// <summary>Builds the client's exceptions away from the hot paths, with messages that say what to do.</summary>
internal static class ThrowHelper
{
    public static RedisConnectionException Unavailable(string endPoint, Exception? lastError) =>
        new($"Redis at {endPoint} is unavailable; the client is reconnecting in the background." +
            (lastError is null ? string.Empty : $" Last error: {lastError.Message}"), lastError);

    public static RedisConnectionException ConnectionLost(string endPoint, string command, Exception? reason) =>
        new($"The connection to Redis at {endPoint} was lost before {command} got its reply." +
            (reason is null ? string.Empty : $" Reason: {reason.Message}"), reason);

    public static RedisTimeoutException CommandTimeout(string endPoint, string command, TimeSpan timeout, int pending) =>
        new($"Redis at {endPoint} did not reply to {command} within {(long)timeout.TotalMilliseconds} ms " +
            $"({pending} commands pending on the connection).");

    public static RedisTimeoutException ConnectWaitTimeout(string endPoint, TimeSpan timeout) =>
        new($"No connection to Redis at {endPoint} was ready within {(long)timeout.TotalMilliseconds} ms.");

    public static RedisQueueFullException QueueFull(string endPoint, int limit) =>
        new($"{limit} commands are already pending on the connection to Redis at {endPoint} (MaxPendingCommands); " +
            "the command was rejected. Redis is not keeping up.");

    public static ObjectDisposedException Disposed() => new(nameof(RedisClient), "The Redis client has been disposed.");
}
