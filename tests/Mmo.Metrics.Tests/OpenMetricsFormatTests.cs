namespace Mmo.Metrics.Tests;

public class OpenMetricsFormatTests
{
    [Fact]
    public void Scrape_OpenMetricsCounter_FamilyWithoutTotalSampleWithTotalAndUnitLine()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<double>("mmo.tests.cpu", "s", "CPU used.").Add(2);

        var text = meter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains(
            "# TYPE mmo_tests_cpu_seconds counter\n" +
            "# UNIT mmo_tests_cpu_seconds seconds\n" +
            "# HELP mmo_tests_cpu_seconds CPU used.\n" +
            "mmo_tests_cpu_seconds_total 2\n",
            text);
    }

    [Fact]
    public void Scrape_PrometheusTextCounter_FamilyNamedWithTotalAndNoUnitLine()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<double>("mmo.tests.cpu", "s", "CPU used.").Add(2);

        var text = meter.Scrape(ExpositionFormat.PrometheusText);

        Assert.Contains(
            "# HELP mmo_tests_cpu_seconds_total CPU used.\n" +
            "# TYPE mmo_tests_cpu_seconds_total counter\n" +
            "mmo_tests_cpu_seconds_total 2\n",
            text);
        Assert.DoesNotContain("# UNIT", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_OpenMetricsGaugeWithoutUnit_NoUnitLine()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateUpDownCounter<int>("mmo.tests.players", "{player}", "Players.").Add(4);

        var text = meter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains("# TYPE mmo_tests_players gauge\n# HELP mmo_tests_players Players.\nmmo_tests_players 4\n", text);
    }

    [Fact]
    public void Scrape_OpenMetrics_EndsWithEofOnce()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<int>("mmo.tests.any").Add(1);

        var text = meter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split('\n').Count(l => l == "# EOF"));
    }

    [Fact]
    public void Scrape_OpenMetricsHistogram_CanonicalLeAndUnit()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateHistogram<double>("mmo.tests.rtt", "s", "Round trip.").Record(1);

        var text = meter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains("# TYPE mmo_tests_rtt_seconds histogram\n# UNIT mmo_tests_rtt_seconds seconds\n", text);
        Assert.Contains("mmo_tests_rtt_seconds_bucket{le=\"1.0\"} 1\n", text);
        Assert.Contains("mmo_tests_rtt_seconds_count 1\n", text);
    }
}
