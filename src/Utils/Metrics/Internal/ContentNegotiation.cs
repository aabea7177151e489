using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Mmo.Metrics.Internal;

/// <summary>Picks the exposition format from a scraper's Accept header.</summary>
internal static class ContentNegotiation
{
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    public static string ContentType(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : PrometheusTextContentType;

    /// <summary>
    /// OpenMetrics when the header accepts <c>application/openmetrics-text</c> (version 1.0.0 or none) at least as
    /// strongly as anything else we serve; otherwise the 0.0.4 text format, which is also the answer to no header,
    /// <c>*/*</c>, a browser's header, or only types we do not serve, so a person with curl always gets something readable.
    /// </summary>
    /// <remarks>Prometheus 2.x sends <c>application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5,*/*;q=0.1</c>.</remarks>
    public static ExpositionFormat Select(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return ExpositionFormat.PrometheusText;
        }
        double openMetrics = 0, text = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            var mediaType = range.MediaType.Value;
            var version = NameValueHeaderValue.Find(range.Parameters, "version")?.Value.Value;
            if (string.Equals(mediaType, "application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
            {
                if (version is null or "1.0.0")
                {
                    openMetrics = Math.Max(openMetrics, quality);
                }
            }
            else if (string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
            {
                if (version is null or "0.0.4")
                {
                    text = Math.Max(text, quality);
                }
            }
            else if (mediaType is "*/*" or "text/*")
            {
                text = Math.Max(text, quality);
            }
        }
        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }
}
