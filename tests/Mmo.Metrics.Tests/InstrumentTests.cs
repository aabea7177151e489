using System.Diagnostics.Metrics;

namespace Mmo.Metrics.Tests;

public class InstrumentTests
{
    private static readonly KeyValuePair<string, object?> ZoneA = new("zone", "a");
    private static readonly KeyValuePair<string, object?> ZoneB = new("zone", "b");

    [Fact]
    public void Scrape_Counter_SumsPerTagSetAsCounterTotal()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.kills", "{kill}", "Kills.");

        counter.Add(2, ZoneA);
        counter.Add(3, ZoneA);
        counter.Add(5, ZoneB);
        var text = meter.Scrape();

        Assert.Contains("# TYPE mmo_tests_kills_total counter\n", text);
        Assert.Contains("mmo_tests_kills_total{zone=\"a\"} 5\n", text);
        Assert.Contains("mmo_tests_kills_total{zone=\"b\"} 5\n", text);
    }

    [Fact]
    public void Scrape_CounterAddedNegativeOrNaN_IgnoresItToStayMonotonic()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<double>("mmo.tests.mono");

        counter.Add(4);
        counter.Add(-1);
        counter.Add(double.NaN);

        Assert.Contains("mmo_tests_mono_total 4", meter.Samples());
    }

    [Fact]
    public void Scrape_UpDownCounter_IsGaugeThatGoesDown()
    {
        using var meter = new IsolatedMeter();
        var online = meter.Meter.CreateUpDownCounter<int>("mmo.tests.players.online", "{player}");

        online.Add(3);
        online.Add(-1);
        var text = meter.Scrape();

        Assert.Contains("# TYPE mmo_tests_players_online gauge\n", text);
        Assert.Contains("mmo_tests_players_online 2\n", text);
    }

    [Fact]
    public void Scrape_Gauge_KeepsLastValue()
    {
        using var meter = new IsolatedMeter();
        var gauge = meter.Meter.CreateGauge<double>("mmo.tests.tick.load", "1");

        gauge.Record(0.5, ZoneA);
        gauge.Record(0.25, ZoneA);
        var text = meter.Scrape();

        Assert.Contains("# TYPE mmo_tests_tick_load_ratio gauge\n", text);
        Assert.Contains("mmo_tests_tick_load_ratio{zone=\"a\"} 0.25\n", text);
    }

    [Fact]
    public void Scrape_ObservableCounter_ReportsCallbackTotalAsCounter()
    {
        using var meter = new IsolatedMeter();
        long total = 10;
        meter.Meter.CreateObservableCounter("mmo.tests.bytes.sent", () => total, "By");

        var first = meter.Samples();
        total = 25;
        var second = meter.Samples();

        Assert.Contains("mmo_tests_bytes_sent_bytes_total 10", first);
        Assert.Contains("mmo_tests_bytes_sent_bytes_total 25", second);
    }

    [Fact]
    public void Scrape_ObservableUpDownCounter_ReportsCallbackValueAsGauge()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateObservableUpDownCounter("mmo.tests.queue", () => new Measurement<int>(-3, ZoneA));

        var text = meter.Scrape();

        Assert.Contains("# TYPE mmo_tests_queue gauge\n", text);
        Assert.Contains("mmo_tests_queue{zone=\"a\"} -3\n", text);
    }

    [Fact]
    public void Scrape_ObservableGauge_PolledAtEachScrape()
    {
        using var meter = new IsolatedMeter();
        var calls = 0;
        meter.Meter.CreateObservableGauge("mmo.tests.polled", () => ++calls);

        meter.Scrape();
        var samples = meter.Samples();

        Assert.Contains("mmo_tests_polled 2", samples);
    }

    [Fact]
    public void Scrape_ObservableStopsReportingATagSet_SeriesDisappears()
    {
        using var meter = new IsolatedMeter();
        var zones = new List<Measurement<int>> { new(1, ZoneA), new(2, ZoneB) };
        meter.Meter.CreateObservableGauge("mmo.tests.zone.players", () => zones.ToArray());

        var before = meter.Samples();
        zones.RemoveAt(0);
        var after = meter.Samples();

        Assert.Contains("mmo_tests_zone_players{zone=\"a\"} 1", before);
        Assert.DoesNotContain(after, s => s.Contains("zone=\"a\"", StringComparison.Ordinal));
        Assert.Contains("mmo_tests_zone_players{zone=\"b\"} 2", after);
    }

    [Fact]
    public void Scrape_ObservableCallbackThrows_OtherInstrumentsStillExported()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateObservableGauge<int>("mmo.tests.broken", (Func<int>)(() => throw new InvalidOperationException("boom")));
        meter.Meter.CreateObservableGauge("mmo.tests.fine", () => 1);

        var samples = meter.Samples();

        Assert.Contains("mmo_tests_fine 1", samples);
        Assert.DoesNotContain(samples, s => s.StartsWith("mmo_tests_broken", StringComparison.Ordinal));
    }

    [Fact]
    public void Scrape_SameTagsInAnyOrder_OneSeries()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.order");

        counter.Add(1, new("a", "1"), new("b", "2"));
        counter.Add(1, new("b", "2"), new("a", "1"));

        Assert.Equal(["mmo_tests_order_total{a=\"1\",b=\"2\"} 2"], meter.Samples().Where(s => s.StartsWith("mmo_tests_order", StringComparison.Ordinal)));
    }

    [Fact]
    public void Scrape_SameValueAsIntAndLong_OneSeries()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.boxed");

        counter.Add(1, new KeyValuePair<string, object?>("code", 5));
        counter.Add(1, new KeyValuePair<string, object?>("code", 5L));

        Assert.Contains("mmo_tests_boxed_total{code=\"5\"} 2", meter.Samples());
    }

    [Fact]
    public void Scrape_NumericTypes_AllRecorded()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<byte>("mmo.tests.t.byte").Add(1);
        meter.Meter.CreateCounter<short>("mmo.tests.t.short").Add(2);
        meter.Meter.CreateCounter<float>("mmo.tests.t.float").Add(0.5f);
        meter.Meter.CreateCounter<decimal>("mmo.tests.t.decimal").Add(1.25m);

        var samples = meter.Samples();

        Assert.Contains("mmo_tests_t_byte_total 1", samples);
        Assert.Contains("mmo_tests_t_short_total 2", samples);
        Assert.Contains("mmo_tests_t_float_total 0.5", samples);
        Assert.Contains("mmo_tests_t_decimal_total 1.25", samples);
    }

    [Fact]
    public void Scrape_TwoMetersSameInstrument_OneFamilySummed()
    {
        using var meter = new IsolatedMeter();
        using var again = new Meter(meter.MeterName);
        meter.Meter.CreateCounter<long>("mmo.tests.shared").Add(1);
        again.CreateCounter<long>("mmo.tests.shared").Add(2);

        var text = meter.Scrape();

        Assert.Single(text.Split('\n'), l => l == "# TYPE mmo_tests_shared_total counter");
        Assert.Contains("mmo_tests_shared_total 3\n", text);
    }

    [Fact]
    public void Scrape_SameNameDifferentType_SecondInstrumentNotExported()
    {
        using var meter = new IsolatedMeter();
        meter.Meter.CreateCounter<long>("mmo.tests.clash").Add(1);
        meter.Meter.CreateHistogram<double>("mmo.tests.clash").Record(1);

        var text = meter.Scrape();

        Assert.Contains("mmo_tests_clash_total 1\n", text);
        Assert.DoesNotContain("mmo_tests_clash_bucket", text);
    }

    [Fact]
    public void Scrape_ConcurrentAddsFromManyThreads_NoneLost()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<double>("mmo.tests.parallel");
        var histogram = meter.Meter.CreateHistogram<double>("mmo.tests.parallel.latency", "s");
        const int Threads = 4, PerThread = 50_000;

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var tag = new KeyValuePair<string, object?>("shard", t % 2);
            for (var i = 0; i < PerThread; i++)
            {
                counter.Add(0.5, tag);
                histogram.Record(0.01, tag);
            }
        });
        var samples = meter.Samples();

        Assert.Contains($"mmo_tests_parallel_total{{shard=\"0\"}} {Threads / 2 * PerThread * 0.5}", samples);
        Assert.Contains($"mmo_tests_parallel_total{{shard=\"1\"}} {Threads / 2 * PerThread * 0.5}", samples);
        Assert.Contains($"mmo_tests_parallel_latency_seconds_count{{shard=\"1\"}} {Threads / 2 * PerThread}", samples);
    }

    [Fact]
    public void Scrape_SeriesOrder_SortedByNameThenLabelsAndStable()
    {
        using var meter = new IsolatedMeter();
        var zeta = meter.Meter.CreateCounter<long>("mmo.tests.zeta");
        var alpha = meter.Meter.CreateCounter<long>("mmo.tests.alpha");
        zeta.Add(1, ZoneB);
        zeta.Add(1, ZoneA);
        alpha.Add(1);

        var first = meter.Scrape();
        var second = meter.Scrape();

        Assert.Equal(first, second);
        Assert.True(first.IndexOf("mmo_tests_alpha", StringComparison.Ordinal) < first.IndexOf("mmo_tests_zeta", StringComparison.Ordinal));
        Assert.True(first.IndexOf("zone=\"a\"", StringComparison.Ordinal) < first.IndexOf("zone=\"b\"", StringComparison.Ordinal));
    }
}
