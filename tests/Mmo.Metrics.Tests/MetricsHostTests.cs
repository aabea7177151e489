using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Mmo.Metrics.Tests;

public class MetricsHostTests
{
    [Fact]
    public async Task Get_AfterRequests_ServesAspNetCoreKestrelAndCustomSeries()
    {
        await using var host = await MetricsTestHost.StartAsync();
        await host.DoWorkAsync("craft", times: 3);

        var text = await host.ScrapeAsync();

        Assert.Contains("http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/work/{kind}\",network_protocol_version=\"1.1\",url_scheme=\"http\",le=\"+Inf\"} 3\n", text);
        Assert.Contains("mmo_tests_work_items_total{work_kind=\"craft\"} 3\n", text);
        Assert.Contains("mmo_tests_work_duration_seconds_bucket{work_kind=\"craft\",le=\"0.025\"} 3\n", text);
        Assert.Contains("mmo_tests_queue_depth 7\n", text);
        Assert.Contains("aspnetcore_routing_match_attempts_total{", text);
        // The connection the client still holds open.
        Assert.Contains("kestrel_active_connections{", text);
        Assert.Contains("http_client_request_duration_seconds_bucket{", text);
    }

    [Fact]
    public async Task Get_RuntimeMeter_ExportsGcCpuAndMemory()
    {
        await using var host = await MetricsTestHost.StartAsync();

        var samples = (await host.ScrapeAsync()).Split('\n');

        Assert.Contains(samples, s => s.StartsWith("dotnet_gc_collections_total{gc_heap_generation=\"gen0\"} ", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("dotnet_process_cpu_time_seconds_total{cpu_mode=\"user\"} ", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("dotnet_process_memory_working_set_bytes ", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("dotnet_assembly_count_current ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AfterLookupByName_ExportsDnsLookupDuration()
    {
        await using var host = await MetricsTestHost.StartAsync();

        await Dns.GetHostAddressesAsync("localhost").DefaultTimeout();
        var text = await host.ScrapeAsync();

        Assert.Contains("dns_lookup_duration_seconds_bucket{dns_question_name=\"localhost\",le=\"+Inf\"} ", text);
    }

    [Fact]
    public async Task Get_ObservableValueChanges_NextScrapeShowsIt()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var workload = host.Services.GetRequiredService<WorkloadMetrics>();

        workload.QueueDepth = 42;
        var text = await host.ScrapeAsync();

        Assert.Contains("mmo_tests_queue_depth 42\n", text);
    }

    [Fact]
    public async Task Get_TwoHostsInOneProcess_EachExportsOnlyItsOwnMeters()
    {
        await using var busy = await MetricsTestHost.StartAsync();
        await using var idle = await MetricsTestHost.StartAsync();
        await busy.DoWorkAsync("mine", times: 2);

        var idleText = await idle.ScrapeAsync();

        Assert.DoesNotContain("work_kind=\"mine\"", idleText, StringComparison.Ordinal);
        Assert.DoesNotContain("http_route=\"/work/{kind}\"", idleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ConfiguredMeterListWithoutDefaults_OnlyThoseMeters()
    {
        await using var host = await MetricsTestHost.StartAsync(o =>
        {
            o.IncludeDefaultMeters = false;
            o.Meters.Add(WorkloadMetrics.MeterName);
        });
        await host.DoWorkAsync("solo", times: 1);

        var text = await host.ScrapeAsync();

        Assert.Contains("mmo_tests_work_items_total{work_kind=\"solo\"} 1\n", text);
        Assert.DoesNotContain("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPrometheusMetrics_RequireHostOfOtherPort_NotServedHere()
    {
        await using var host = await MetricsTestHost.StartAsync(conventions: e => e.RequireHost("*:1"));

        using var response = await host.ScrapeResponseAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void MapPrometheusMetrics_WithoutAddPrometheusMetrics_ThrowsNamingTheFix()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPrometheusMetrics());

        Assert.Contains("AddPrometheusMetrics", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BadBucketsInOptions_FailsAtStartup()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            MetricsTestHost.StartAsync(o => o.HistogramBuckets["mmo.tests.work.duration"] = [1, 0.5]));

        Assert.Contains("Metrics:HistogramBuckets:mmo.tests.work.duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ZeroSeriesLimit_FailsAtStartup()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MetricsTestHost.StartAsync(o => o.MaxSeriesPerInstrument = 0));

        Assert.Contains("MaxSeriesPerInstrument", error.Message, StringComparison.Ordinal);
    }
}
