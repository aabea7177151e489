using Microsoft.Extensions.Logging;

namespace Mmo.Metrics.Internal;

/// <summary>
/// Counters, up-down counters and gauges: one number per series. Synchronous counters add; gauges and every
/// observable instrument (which reports its current total or value) set.
/// </summary>
internal sealed class ValueFamily : MetricFamily
{
    private readonly bool _cumulative;
    private readonly byte[] _sampleName;

    public ValueFamily(InstrumentDescription instrument, MetricKind kind, bool cumulative, bool observable, int maxSeries, ILogger logger)
        : base(instrument, kind, observable, maxSeries, logger)
    {
        _cumulative = cumulative;
        _sampleName = Utf8(kind == MetricKind.Counter ? Name + "_total" : Name);
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_cumulative)
        {
            // A counter that went down would read as a restart to Prometheus; NaN would poison the sum for good.
            if (Kind == MetricKind.Counter ? !(value >= 0) : double.IsNaN(value))
            {
                return;
            }
            ((ValueSeries?)GetOrAddSeries(tags))?.Add(value);
            return;
        }
        if (GetOrAddSeries(tags) is ValueSeries series)
        {
            series.Set(value);
            if (IsObservable)
            {
                series.Generation = Generation;
            }
        }
    }

    public override bool CanShareWith(MetricFamily other) =>
        other is ValueFamily value && value.Kind == Kind && value._cumulative == _cumulative && value.IsObservable == IsObservable;

    protected override Series NewSeries(byte[] labels) => new ValueSeries(labels);

    protected override void RenderSamples(ref ExpositionWriter writer, Series[] series)
    {
        foreach (var item in series)
        {
            WriteSampleName(ref writer, _sampleName, item.Labels);
            writer.Write((byte)' ');
            writer.Write(((ValueSeries)item).Value);
            writer.Write((byte)'\n');
        }
    }
}
