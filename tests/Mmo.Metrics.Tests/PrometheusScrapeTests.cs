namespace Mmo.Metrics.Tests;

/// <summary>A real Prometheus scrapes a test host: the exposition is only right if Prometheus stores what we meant.</summary>
public class PrometheusScrapeTests
{
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scrape_RealPrometheus_StoresCustomAndAspNetCoreSeries()
    {
        await using var host = await MetricsTestHost.StartAsync();
        await host.DoWorkAsync("raid", times: 3);
        await using var prometheus = PrometheusServer.Start(host.Address, jobName: "mmo_test");

        var items = await prometheus.WaitForValueAsync("mmo_tests_work_items_total{job=\"mmo_test\",work_kind=\"raid\"}", IngestTimeout);
        var requests = await prometheus.WaitForValueAsync("http_server_request_duration_seconds_bucket{http_route=\"/work/{kind}\",le=\"+Inf\"}", IngestTimeout);
        var workBucket = await prometheus.WaitForValueAsync("mmo_tests_work_duration_seconds_bucket{work_kind=\"raid\",le=\"0.025\"}", IngestTimeout);
        var queue = await prometheus.WaitForValueAsync("mmo_tests_queue_depth", IngestTimeout);

        Assert.Equal("3", items);
        Assert.Equal("3", requests);
        Assert.Equal("3", workBucket);
        Assert.Equal("7", queue);
        // Prometheus asks for OpenMetrics first, so this proves it parsed our OpenMetrics (promtool covers the 0.0.4 text).
        Assert.StartsWith("application/openmetrics-text;version=1.0.0", host.LastScrapeAccept, StringComparison.Ordinal);
    }
}
