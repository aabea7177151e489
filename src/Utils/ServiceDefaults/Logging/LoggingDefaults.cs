using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Mmo.ServiceDefaults.Logging;

/// <summary>Console logging with scopes on, so each line of a request carries its correlation id.</summary>
internal static class LoggingDefaults
{
    public static void Configure(WebApplicationBuilder builder, LogFormat format)
    {
        var logging = builder.Logging;
        logging.ClearProviders();
        // The health check service logs every failing run at Error (every 5 s while a dependency is down);
        // ReadinessPublisher logs each change once instead.
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        if (Resolve(format) == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    }

    private static LogFormat Resolve(LogFormat format)
    {
        if (format != LogFormat.Auto)
        {
            return format;
        }
        var inContainer = Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER") == "true"
            || Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null;
        return inContainer ? LogFormat.Json : LogFormat.Plain;
    }
}
