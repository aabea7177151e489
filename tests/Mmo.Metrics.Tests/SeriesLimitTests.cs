namespace Mmo.Metrics.Tests;

public class SeriesLimitTests
{
    [Fact]
    public void Scrape_MoreTagSetsThanLimit_DropsNewOnesAndCountsThem()
    {
        using var meter = new IsolatedMeter(o => o.MaxSeriesPerInstrument = 3);
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.players.by_name");

        for (var i = 0; i < 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("player", $"p{i}"));
        }
        var samples = meter.Samples();

        Assert.Equal(3, samples.Count(s => s.StartsWith("mmo_tests_players_by_name_total{", StringComparison.Ordinal)));
        Assert.Contains("mmo_metrics_series_dropped_total{metric=\"mmo_tests_players_by_name\"} 7", samples);
    }

    [Fact]
    public void Scrape_LimitReached_ExistingSeriesStillCount()
    {
        using var meter = new IsolatedMeter(o => o.MaxSeriesPerInstrument = 1);
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.capped");
        var kept = new KeyValuePair<string, object?>("k", "kept");

        counter.Add(1, kept);
        counter.Add(1, new KeyValuePair<string, object?>("k", "dropped"));
        counter.Add(1, kept);

        Assert.Contains("mmo_tests_capped_total{k=\"kept\"} 2", meter.Samples());
    }

    [Fact]
    public void Scrape_NothingDropped_DeclaresDroppedCounterWithoutSamples()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<long>("mmo.tests.fine").Add(1);

        var text = meter.Scrape();

        Assert.Contains("# TYPE mmo_metrics_series_dropped_total counter\n", text);
        Assert.DoesNotContain(meter.Samples(), s => s.StartsWith("mmo_metrics_series_dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Scrape_ObservableSeriesGone_FreesRoomUnderLimit()
    {
        using var meter = new IsolatedMeter(o => o.MaxSeriesPerInstrument = 1);
        var zone = "a";
        meter.Meter.CreateObservableGauge("mmo.tests.zone.load", () => new System.Diagnostics.Metrics.Measurement<int>(1, new KeyValuePair<string, object?>("zone", zone)));

        meter.Scrape();
        zone = "b";
        meter.Scrape();
        var samples = meter.Samples();

        Assert.Contains("mmo_tests_zone_load{zone=\"b\"} 1", samples);
        Assert.DoesNotContain(samples, s => s.StartsWith("mmo_metrics_series_dropped_total", StringComparison.Ordinal));
    }
}
