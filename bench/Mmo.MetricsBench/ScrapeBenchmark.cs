using BenchmarkDotNet.Attributes;
using Mmo.Metrics;
using Mmo.Metrics.Internal;

namespace Mmo.MetricsBench;

/// <summary>
/// One scrape of 1,000 series: 5 counters and 5 histograms (seconds, 14 buckets + Inf), each with 100 tag sets of
/// two tags. About 9,000 lines. The buffer is reused, as the endpoint's pooled buffer is.
/// </summary>
public class ScrapeBenchmark : MetricsBenchmarkBase
{
    public const int Instruments = 10;
    public const int TagSets = 100;

    private PooledBufferWriter _buffer = null!;

    [Params(ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics)]
    public ExpositionFormat Format { get; set; }

    public int LastScrapeBytes { get; private set; }

    protected override void OnSetup()
    {
        for (var i = 0; i < Instruments; i++)
        {
            var isCounter = i % 2 == 0;
            var counter = isCounter ? Meter.CreateCounter<long>($"mmo.bench.events{i}", "{event}", "Events.") : null;
            var histogram = isCounter ? null : Meter.CreateHistogram<double>($"mmo.bench.latency{i}", "s", "Latency.");
            for (var t = 0; t < TagSets; t++)
            {
                var zone = new KeyValuePair<string, object?>("mmo.zone", $"zone-{t}");
                var kind = new KeyValuePair<string, object?>("mmo.kind", t % 2 == 0 ? "npc" : "player");
                counter?.Add(t + 1, zone, kind);
                histogram?.Record(t * 0.001, zone, kind);
            }
        }
        _buffer = new PooledBufferWriter(1024 * 1024);
        Scrape();
        LastScrapeBytes = _buffer.WrittenCount;
    }

    [Benchmark]
    public int Scrape()
    {
        _buffer.Clear();
        Collector.Scrape(_buffer, Format);
        return _buffer.WrittenCount;
    }
}
