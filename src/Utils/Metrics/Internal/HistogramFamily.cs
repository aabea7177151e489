using Microsoft.Extensions.Logging;

namespace Mmo.Metrics.Internal;

/// <summary>A histogram with explicit bounds, rendered as cumulative <c>_bucket{le=...}</c> lines, <c>_sum</c> and <c>_count</c>.</summary>
internal sealed class HistogramFamily : MetricFamily
{
    private readonly double[] _bounds;
    private readonly byte[] _bucketName;
    private readonly byte[] _sumName;
    private readonly byte[] _countName;

    // le="0.005" … le="+Inf", one per bucket, rendered once.
    private readonly byte[][] _leLabels;

    public HistogramFamily(InstrumentDescription instrument, double[] bounds, int maxSeries, ILogger logger)
        : base(instrument, MetricKind.Histogram, observable: false, maxSeries, logger)
    {
        _bounds = bounds;
        _bucketName = Utf8(Name + "_bucket");
        _sumName = Utf8(Name + "_sum");
        _countName = Utf8(Name + "_count");
        _leLabels = [.. bounds.Append(double.PositiveInfinity).Select(b => Utf8($"le=\"{CanonicalNumber.Format(b)}\""))];
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }
        ((HistogramSeries?)GetOrAddSeries(tags))?.Record(value, _bounds);
    }

    public override bool CanShareWith(MetricFamily other) =>
        other is HistogramFamily histogram && histogram._bounds.AsSpan().SequenceEqual(_bounds);

    protected override Series NewSeries(byte[] labels) => new HistogramSeries(labels, _bounds.Length);

    protected override void RenderSamples(ref ExpositionWriter writer, Series[] series)
    {
        foreach (var item in series)
        {
            var histogram = (HistogramSeries)item;
            // A measurement landing during the scrape may be in the buckets and not yet in the sum, but _count is
            // the +Inf bucket by construction, so the two never disagree, which Prometheus checks.
            var sum = histogram.Sum;
            long cumulative = 0;
            for (var i = 0; i < _leLabels.Length; i++)
            {
                cumulative += histogram.CountAt(i);
                WriteSampleName(ref writer, _bucketName, item.Labels, _leLabels[i]);
                writer.Write((byte)' ');
                writer.Write(cumulative);
                writer.Write((byte)'\n');
            }
            WriteSampleName(ref writer, _sumName, item.Labels);
            writer.Write((byte)' ');
            writer.Write(sum);
            writer.Write((byte)'\n');
            WriteSampleName(ref writer, _countName, item.Labels);
            writer.Write((byte)' ');
            writer.Write(cumulative);
            writer.Write((byte)'\n');
        }
    }
}
