using Microsoft.Extensions.Logging;

namespace Mmo.Redis.Diagnostics;

/// <summary>Log messages of the Redis client. {Role} is "command" (the shared connection) or "subscriber" (pub/sub).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(1, LogLevel.Debug, "Connecting the {Role} connection to Redis at {EndPoint}.")]
    public static partial void Connecting(ILogger logger, string role, string endPoint);

    [LoggerMessage(2, LogLevel.Information, "Connected the {Role} connection to Redis at {EndPoint}.")]
    public static partial void Connected(ILogger logger, string role, string endPoint);

    [LoggerMessage(3, LogLevel.Warning, "Could not connect the {Role} connection to Redis at {EndPoint}; next attempt in {DelayMs} ms.")]
    public static partial void ConnectFailed(ILogger logger, string role, string endPoint, long delayMs, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Lost the {Role} connection to Redis at {EndPoint}; reconnecting in {DelayMs} ms.")]
    public static partial void ConnectionLost(ILogger logger, string role, string endPoint, long delayMs, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Resubscribed to {ChannelCount} channels and {PatternCount} patterns on Redis at {EndPoint}.")]
    public static partial void Resubscribed(ILogger logger, int channelCount, int patternCount, string endPoint);

    [LoggerMessage(6, LogLevel.Warning, "The subscription to {Channel} has dropped {Count} messages: its reader is not keeping up.")]
    public static partial void MessagesDropped(ILogger logger, string channel, long count);

    [LoggerMessage(7, LogLevel.Debug, "{Count} Redis commands timed out waiting for Redis at {EndPoint} ({Pending} still pending).")]
    public static partial void CommandsTimedOut(ILogger logger, int count, string endPoint, int pending);

    [LoggerMessage(8, LogLevel.Debug, "The {Role} connection to Redis at {EndPoint} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string role, string endPoint, string reason);

    [LoggerMessage(9, LogLevel.Debug, "The Redis client for {EndPoint} was disposed.")]
    public static partial void Disposed(ILogger logger, string endPoint);

    [LoggerMessage(11, LogLevel.Error, "Redis at {EndPoint} sent data the {Role} connection could not parse; reconnecting in {DelayMs} ms.")]
    public static partial void ProtocolError(ILogger logger, string role, string endPoint, long delayMs, Exception exception);

    [LoggerMessage(10, LogLevel.Debug, "UNSUBSCRIBE {Channel} failed; the subscription ended locally anyway.")]
    public static partial void UnsubscribeFailed(ILogger logger, string channel, Exception exception);
}
