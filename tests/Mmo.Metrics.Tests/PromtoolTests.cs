namespace Mmo.Metrics.Tests;

/// <summary>
/// promtool parses the 0.0.4 text format the way Prometheus does and lints it against the naming conventions:
/// exit 0 clean, 3 lint problems, 1 parse error.
/// </summary>
public class PromtoolTests
{
    [Fact]
    public async Task CheckMetrics_HostScrapeWithDefaultMeters_ExitsZeroWithoutLintProblems()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        await using var host = await MetricsTestHost.StartAsync();
        await host.DoWorkAsync("lint", times: 2);

        var text = await host.ScrapeAsync();
        var result = await ProcessResult.RunAsync(promtool, "check metrics", text);

        Assert.True(result.ExitCode == 0, $"promtool exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}\n--- scrape ---\n{text}");
        Assert.Equal("", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task CheckMetrics_EveryInstrumentKindWithAwkwardLabels_ExitsZero()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        using var meter = new IsolatedMeter(o => o.MaxSeriesPerInstrument = 2);
        var tag = new KeyValuePair<string, object?>("chat.text", "say \"hi\"\\\n");
        meter.Meter.CreateCounter<long>("mmo.tests.lint.messages", "{message}", "Messages.").Add(1, tag);
        meter.Meter.CreateUpDownCounter<int>("mmo.tests.lint.online", "{player}", "Online.").Add(1, tag);
        meter.Meter.CreateGauge<double>("mmo.tests.lint.load", "1", "Load.").Record(0.5, tag);
        meter.Meter.CreateHistogram<double>("mmo.tests.lint.latency", "s", "Latency.").Record(0.2, tag);
        meter.Meter.CreateObservableCounter("mmo.tests.lint.sent", () => 5L, "By", "Sent.");
        meter.Meter.CreateObservableGauge("mmo.tests.lint.queue.count", () => 3, "{item}", "Queued.");
        var capped = meter.Meter.CreateCounter<long>("mmo.tests.lint.capped", "{event}", "Capped.");
        for (var i = 0; i < 5; i++)
        {
            capped.Add(1, new KeyValuePair<string, object?>("i", i));
        }

        var text = meter.Scrape();
        var result = await ProcessResult.RunAsync(promtool, "check metrics", text);

        Assert.True(result.ExitCode == 0, $"promtool exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}\n--- scrape ---\n{text}");
    }
}
