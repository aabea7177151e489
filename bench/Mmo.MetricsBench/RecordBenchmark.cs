using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;

namespace Mmo.MetricsBench;

/// <summary>
/// The cost an instrumented hot path pays per measurement into an existing series, single-threaded. Each
/// invocation records <see cref="Operations"/> times so the per-operation figure is not lost in timer resolution.
/// </summary>
public class RecordBenchmark : MetricsBenchmarkBase
{
    private const int Operations = 1000;

    private static readonly KeyValuePair<string, object?> Zone = new("mmo.zone", "zone-7");
    private static readonly KeyValuePair<string, object?> Kind = new("mmo.kind", "player");
    private static readonly KeyValuePair<string, object?> Opcode = new("mmo.opcode", "move");

    private Counter<long> _counter = null!;
    private Histogram<double> _histogram = null!;
    private Meter _unlistenedMeter = null!;
    private Counter<long> _unlistened = null!;

    protected override void OnSetup()
    {
        _counter = Meter.CreateCounter<long>("mmo.bench.packets", "{packet}");
        _histogram = Meter.CreateHistogram<double>("mmo.bench.handle.duration", "s");
        // A meter nobody listens to: the floor, what System.Diagnostics.Metrics costs with no exporter at all.
        _unlistenedMeter = new Meter("Mmo.Bench.Unlistened");
        _unlistened = _unlistenedMeter.CreateCounter<long>("mmo.bench.unlistened");
        _counter.Add(1);
        _counter.Add(1, Zone, Kind);
        _counter.Add(1, Zone, Kind, Opcode);
        _histogram.Record(0.001, Zone, Kind);
    }

    protected override void OnCleanup() => _unlistenedMeter.Dispose();

    [Benchmark(OperationsPerInvoke = Operations, Baseline = true)]
    public void CounterAdd_NoListener_TwoTags()
    {
        for (var i = 0; i < Operations; i++)
        {
            _unlistened.Add(1, Zone, Kind);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void CounterAdd_NoTags()
    {
        for (var i = 0; i < Operations; i++)
        {
            _counter.Add(1);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void CounterAdd_TwoTags()
    {
        for (var i = 0; i < Operations; i++)
        {
            _counter.Add(1, Zone, Kind);
        }
    }

    /// <summary>The same tags in another order than the series was created with: the slower, order-free comparison.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public void CounterAdd_TwoTagsReordered()
    {
        for (var i = 0; i < Operations; i++)
        {
            _counter.Add(1, Kind, Zone);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void CounterAdd_ThreeTags()
    {
        for (var i = 0; i < Operations; i++)
        {
            _counter.Add(1, Zone, Kind, Opcode);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void HistogramRecord_TwoTags()
    {
        for (var i = 0; i < Operations; i++)
        {
            _histogram.Record(0.003, Zone, Kind);
        }
    }
}
