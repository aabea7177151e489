using Mmo.Metrics.Internal;

namespace Mmo.Metrics.Tests;

/// <summary>
/// The hot paths must not allocate: a measurement into an existing series, and a scrape once its buffer is big
/// enough. Measured on the calling thread, so other tests running in parallel do not count.
/// </summary>
public class AllocationTests
{
    private static readonly KeyValuePair<string, object?> Zone = new("mmo.zone", "zone-7");
    private static readonly KeyValuePair<string, object?> Kind = new("mmo.kind", "player");
    private static readonly ExpositionFormat[] Formats = [ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics];

    [Fact]
    public void Record_ExistingSeriesWithTags_AllocatesNothing()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.alloc.packets");
        var histogram = meter.Meter.CreateHistogram<double>("mmo.tests.alloc.latency", "s");
        var gauge = meter.Meter.CreateGauge<int>("mmo.tests.alloc.load");
        RecordAll(counter, histogram, gauge);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RecordAll(counter, histogram, gauge);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    /// <remarks>
    /// No observable instruments here: System.Diagnostics.Metrics itself allocates about 72 bytes per observable
    /// callback (it wraps the value in an array and enumerates it), which is not ours to remove.
    /// </remarks>
    [Fact]
    public void Scrape_SteadyState_AllocatesNothing()
    {
        using var meter = new IsolatedMeter();
        var counter = meter.Meter.CreateCounter<long>("mmo.tests.alloc.events");
        var histogram = meter.Meter.CreateHistogram<double>("mmo.tests.alloc.duration", "s");
        for (var i = 0; i < 50; i++)
        {
            var zone = new KeyValuePair<string, object?>("mmo.zone", $"zone-{i}");
            counter.Add(i, zone);
            histogram.Record(i * 0.01, zone);
        }
        using var buffer = new PooledBufferWriter(1024);
        foreach (var format in Formats)
        {
            buffer.Clear();
            meter.Collector.Scrape(buffer, format);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var format in Formats)
        {
            buffer.Clear();
            meter.Collector.Scrape(buffer, format);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void RecordAll(System.Diagnostics.Metrics.Counter<long> counter, System.Diagnostics.Metrics.Histogram<double> histogram, System.Diagnostics.Metrics.Gauge<int> gauge)
    {
        counter.Add(1, Zone, Kind);
        counter.Add(1, Kind, Zone);
        counter.Add(1);
        histogram.Record(0.02, Zone, Kind);
        gauge.Record(5, Zone);
    }
}
