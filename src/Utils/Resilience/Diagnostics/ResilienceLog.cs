using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Mmo.Resilience.Diagnostics;

/// <summary>The resilience interceptor's log messages. Per-call events are Debug; breaker state changes are rarer and louder.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(1, LogLevel.Debug, "Retrying {Method} after {Status} (retry {Retry} of {MaxRetries}) in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string method, StatusCode status, int retry, int maxRetries, double delayMs);

    [LoggerMessage(2, LogLevel.Debug, "Not retrying {Method} after {Status}: the next attempt would start {DelayMs} ms from now, past the call's deadline")]
    public static partial void DeadlineLeavesNoRetry(ILogger logger, string method, StatusCode status, double delayMs);

    [LoggerMessage(3, LogLevel.Debug, "The bulkhead of {Service} rejected a call to {Method}: {MaxConcurrentCalls} calls in flight and {MaxQueuedCalls} waiting")]
    public static partial void BulkheadRejected(ILogger logger, string service, string method, int maxConcurrentCalls, int maxQueuedCalls);

    [LoggerMessage(4, LogLevel.Debug, "A call to {Method} failed fast: the circuit breaker of {Service} is open")]
    public static partial void CircuitRejected(ILogger logger, string service, string method);

    [LoggerMessage(5, LogLevel.Warning, "The circuit breaker of {Service} opened for {BreakMs} ms after {Status}: calls to it fail fast with UNAVAILABLE")]
    public static partial void CircuitOpened(ILogger logger, string service, double breakMs, StatusCode status);

    [LoggerMessage(6, LogLevel.Information, "The circuit breaker of {Service} is half-open: one call probes the service")]
    public static partial void CircuitHalfOpened(ILogger logger, string service);

    [LoggerMessage(7, LogLevel.Information, "The circuit breaker of {Service} closed: calls flow again")]
    public static partial void CircuitClosed(ILogger logger, string service);
}
