using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Mmo.ServiceDefaults.Health;

internal static partial class ReadinessLog
{
    [LoggerMessage(110, LogLevel.Information, "Ready: every readiness check passes.")]
    public static partial void Ready(ILogger logger);

    [LoggerMessage(111, LogLevel.Warning, "Readiness is {Status}: {Failing}")]
    public static partial void NotReady(ILogger logger, HealthStatus status, string failing);
}
