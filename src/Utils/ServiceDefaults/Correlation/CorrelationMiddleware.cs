using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mmo.ServiceDefaults.Correlation;

/// <summary>
/// Takes the caller's correlation id (gRPC metadata and HTTP share the header) or makes one, exposes
/// it through <see cref="CorrelationContext"/> and a logging scope, and echoes it on HTTP responses.
/// </summary>
internal sealed class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[CorrelationContext.HeaderName].ToString();
        var id = CorrelationContext.IsValid(incoming) ? incoming : CorrelationContext.NewId();
        CorrelationContext.Current = id;
        if (!context.Request.Protocol.Equals("HTTP/2", StringComparison.Ordinal))
        {
            context.Response.Headers[CorrelationContext.HeaderName] = id;
        }
        using (logger.BeginScope(new CorrelationScope(id)))
        {
            await next(context);
        }
    }
}
