using Microsoft.AspNetCore.Http;

namespace Mmo.Metrics.Internal;

/// <summary>Serves one scrape: negotiate the format, render into a pooled buffer, send it with its length.</summary>
internal static class MetricsEndpoint
{
    public static async Task HandleAsync(HttpContext context, MetricsCollector collector)
    {
        var format = ContentNegotiation.Select(context.Request.Headers.Accept);
        // Rendered whole before sending: the scrape is consistent, and the response gets a Content-Length.
        using var buffer = new PooledBufferWriter(collector.ScrapeSizeHint);
        collector.Scrape(buffer, format);

        var response = context.Response;
        response.ContentType = ContentNegotiation.ContentType(format);
        response.ContentLength = buffer.WrittenCount;
        response.Headers.CacheControl = "no-store";
        response.Headers.Vary = "Accept";
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
