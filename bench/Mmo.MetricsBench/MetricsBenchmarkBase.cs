using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Mmo.Metrics;

namespace Mmo.MetricsBench;

/// <summary>A meter of its own and a started collector that listens to it alone.</summary>
[MemoryDiagnoser]
public abstract class MetricsBenchmarkBase
{
    protected Meter Meter { get; private set; } = null!;

    protected MetricsCollector Collector { get; private set; } = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var name = "Mmo.Bench." + GetType().Name;
        Meter = new Meter(name);
        Collector = new MetricsCollector(new MetricsOptions { IncludeDefaultMeters = false, Meters = { name } });
        Collector.Start();
        OnSetup();
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        OnCleanup();
        Collector.Dispose();
        Meter.Dispose();
    }

    protected abstract void OnSetup();

    protected virtual void OnCleanup()
    {
    }
}
