using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Mmo.Metrics.Internal;

namespace Mmo.Metrics.Tests;

public class HistogramTests
{
    [Fact]
    public void Scrape_Histogram_BucketsCumulativeWithInfSumAndCount()
    {
        using var meter = new IsolatedMeter(o => o.HistogramBuckets["mmo.tests.hit"] = [1, 2, 5]);
        var histogram = meter.Meter.CreateHistogram<double>("mmo.tests.hit", "{point}", "Damage per hit.");

        foreach (var value in new[] { 0.5, 1, 1.5, 2, 3, 7 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("class", "knight"));
        }
        var text = meter.Scrape();

        Assert.Contains(
            "# HELP mmo_tests_hit Damage per hit.\n" +
            "# TYPE mmo_tests_hit histogram\n" +
            "mmo_tests_hit_bucket{class=\"knight\",le=\"1.0\"} 2\n" +
            "mmo_tests_hit_bucket{class=\"knight\",le=\"2.0\"} 4\n" +
            "mmo_tests_hit_bucket{class=\"knight\",le=\"5.0\"} 5\n" +
            "mmo_tests_hit_bucket{class=\"knight\",le=\"+Inf\"} 6\n" +
            "mmo_tests_hit_sum{class=\"knight\"} 15\n" +
            "mmo_tests_hit_count{class=\"knight\"} 6\n",
            text);
    }

    [Fact]
    public void Scrape_HistogramWithoutTags_BucketHasOnlyLe()
    {
        using var meter = new IsolatedMeter(o => o.HistogramBuckets["mmo.tests.bare"] = [1]);
        meter.Meter.CreateHistogram<int>("mmo.tests.bare").Record(1);

        var samples = meter.Samples();

        Assert.Contains("mmo_tests_bare_bucket{le=\"1.0\"} 1", samples);
        Assert.Contains("mmo_tests_bare_count 1", samples);
    }

    [Fact]
    public void Scrape_SecondsHistogram_DefaultLatencyBuckets()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateHistogram<double>("mmo.tests.latency", "s").Record(0.3);

        var les = Les(meter.Samples(), "mmo_tests_latency_seconds_bucket");

        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0", "7.5", "10.0", "+Inf"], les);
    }

    [Fact]
    public void Scrape_MillisecondsHistogram_DefaultBucketsTimesThousand()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateHistogram<double>("mmo.tests.tick", "ms").Record(30);

        var les = Les(meter.Samples(), "mmo_tests_tick_milliseconds_bucket");

        Assert.Equal(["5.0", "10.0", "25.0", "50.0", "75.0", "100.0", "250.0", "500.0", "750.0", "1000.0", "2500.0", "5000.0", "7500.0", "10000.0", "+Inf"], les);
    }

    [Fact]
    public void Scrape_HistogramOtherUnit_GenericBuckets()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateHistogram<long>("mmo.tests.size", "By").Record(100);

        var les = Les(meter.Samples(), "mmo_tests_size_bytes_bucket");

        Assert.Equal(["0.0", "5.0", "10.0", "25.0", "50.0", "75.0", "100.0", "250.0", "500.0", "750.0", "1000.0", "2500.0", "5000.0", "7500.0", "10000.0", "+Inf"], les);
    }

    [Fact]
    public void Scrape_HistogramWithAdvice_UsesAdvisedBuckets()
    {
        using var meter = new IsolatedMeter();
        var advice = new InstrumentAdvice<long> { HistogramBucketBoundaries = [10, 100] };
        meter.Meter.CreateHistogram("mmo.tests.advised", "By", "Advised.", tags: null, advice).Record(50);

        Assert.Equal(["10.0", "100.0", "+Inf"], Les(meter.Samples(), "mmo_tests_advised_bytes_bucket"));
    }

    [Fact]
    public void Scrape_OptionsAndAdvice_OptionsWin()
    {
        using var meter = new IsolatedMeter(o => o.HistogramBuckets["mmo.tests.both"] = [0.5]);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 100] };
        meter.Meter.CreateHistogram("mmo.tests.both", "s", null, null, advice).Record(0.1);

        Assert.Equal(["0.5", "+Inf"], Les(meter.Samples(), "mmo_tests_both_seconds_bucket"));
    }

    [Fact]
    public void Scrape_ValueOnBound_CountsInThatBucket()
    {
        using var meter = new IsolatedMeter(o => o.HistogramBuckets["mmo.tests.edge"] = [1, 2]);
        meter.Meter.CreateHistogram<double>("mmo.tests.edge").Record(2);

        var samples = meter.Samples();

        Assert.Contains("mmo_tests_edge_bucket{le=\"1.0\"} 0", samples);
        Assert.Contains("mmo_tests_edge_bucket{le=\"2.0\"} 1", samples);
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 1.0, 1.0 })]
    [InlineData(new[] { 2.0, 1.0 })]
    [InlineData(new[] { 1.0, double.PositiveInfinity })]
    public void Validate_BadConfiguredBuckets_FailsNamingTheInstrument(double[] bounds)
    {
        var options = new MetricsOptions { HistogramBuckets = { ["mmo.world.tick.duration"] = bounds } };

        var result = new MetricsOptionsValidator().Validate(Options.DefaultName, options);

        Assert.True(result.Failed);
        Assert.Contains("Metrics:HistogramBuckets:mmo.world.tick.duration", result.FailureMessage);
    }

    private static string[] Les(string[] samples, string bucketName) =>
        [.. samples.Where(s => s.StartsWith(bucketName, StringComparison.Ordinal))
            .Select(s => s[(s.IndexOf("le=\"", StringComparison.Ordinal) + 4)..])
            .Select(s => s[..s.IndexOf('"')])];
}
