using System.Diagnostics.Metrics;

namespace Mmo.Metrics.Tests.Infrastructure;

/// <summary>A service's own metrics, made the way a service makes them: from the host's <see cref="IMeterFactory"/>.</summary>
internal sealed class WorkloadMetrics
{
    public const string MeterName = "Mmo.Tests.Workload";

    private readonly Counter<long> _items;
    private readonly Histogram<double> _duration;

    public WorkloadMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _items = meter.CreateCounter<long>("mmo.tests.work.items", "{item}", "Work items done, by kind.");
        _duration = meter.CreateHistogram<double>("mmo.tests.work.duration", "s", "Time to do one work item.");
        meter.CreateObservableGauge("mmo.tests.queue.depth", () => QueueDepth, "{item}", "Work items waiting.");
    }

    public int QueueDepth { get; set; } = 7;

    public void ItemDone(string kind, double seconds)
    {
        _items.Add(1, new KeyValuePair<string, object?>("work.kind", kind));
        _duration.Record(seconds, new KeyValuePair<string, object?>("work.kind", kind));
    }
}
