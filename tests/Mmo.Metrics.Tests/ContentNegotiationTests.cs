using Microsoft.Extensions.Primitives;
using Mmo.Metrics.Internal;

namespace Mmo.Metrics.Tests;

public class ContentNegotiationTests
{
    [Theory]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData("*/*", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain;version=0.0.4", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;version=2.0.0", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;q=0", ExpositionFormat.PrometheusText)]
    [InlineData("application/json", ExpositionFormat.PrometheusText)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ExpositionFormat.PrometheusText)]
    [InlineData("not a media type at all;;;", ExpositionFormat.PrometheusText)]
    public void Select_AcceptHeader_PicksFormat(string? accept, ExpositionFormat expected)
    {
        Assert.Equal(expected, ContentNegotiation.Select(new StringValues(accept)));
    }

    [Fact]
    public async Task Get_PrometheusAcceptHeader_ServesOpenMetricsWithEof()
    {
        await using var host = await MetricsTestHost.StartAsync();

        using var response = await host.ScrapeResponseAsync("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_NoAcceptHeader_ServesPrometheusTextWithoutEof()
    {
        await using var host = await MetricsTestHost.StartAsync();

        using var response = await host.ScrapeResponseAsync();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
    }
}
