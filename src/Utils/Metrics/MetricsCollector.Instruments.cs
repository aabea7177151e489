using System.Diagnostics.Metrics;
using Mmo.Metrics.Diagnostics;
using Mmo.Metrics.Internal;

namespace Mmo.Metrics;

/// <summary>Which instruments become which families, and the listener callbacks that feed them.</summary>
public sealed partial class MetricsCollector
{
    private readonly Lock _registryGate = new();

    // Guarded by _registryGate; _sortedFamilies is replaced, never changed, so scrapes read it without the lock.
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private MetricFamily[] _sortedFamilies = [];

    private MetricFamily[] Families => Volatile.Read(ref _sortedFamilies);

    private static void SetMeasurementCallbacks(MeterListener listener)
    {
        // The state is the instrument's family, handed back by the listener: no lookup per measurement.
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!_filter.Matches(meter.Name) || (_scope is not null && meter.Scope is not null && !ReferenceEquals(meter.Scope, _scope)))
        {
            return;
        }
        if (GetOrAddFamily(instrument) is { } family)
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }

    private MetricFamily? GetOrAddFamily(Instrument instrument)
    {
        var candidate = CreateFamily(instrument);
        if (candidate is null)
        {
            MetricsLog.UnsupportedInstrument(_logger, instrument.Name, instrument.Meter.Name, instrument.GetType().Name);
            return null;
        }
        lock (_registryGate)
        {
            // Same name and type (the same instrument from a re-created meter, or two meters agreeing on a name): one family.
            if (_families.TryGetValue(candidate.Name, out var existing) || candidate.Name == SeriesDroppedMetric.BaseName)
            {
                if (existing is not null && existing.CanShareWith(candidate))
                {
                    return existing;
                }
                MetricsLog.NameConflict(_logger, instrument.Name, instrument.Meter.Name, candidate.Name);
                return null;
            }
            _families.Add(candidate.Name, candidate);
            Volatile.Write(ref _sortedFamilies, [.. _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal)]);
        }
        MetricsLog.InstrumentCollected(_logger, instrument.Name, instrument.Meter.Name, candidate.Name);
        return candidate;
    }

    private MetricFamily? CreateFamily(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        var description = InstrumentDescription.From(instrument);
        var limit = _options.MaxSeriesPerInstrument;
        if (definition == typeof(Histogram<>))
        {
            var bounds = HistogramBuckets.Select(instrument.Name, instrument.Unit, AdvisedBuckets(instrument), _options);
            return new HistogramFamily(description, bounds, limit, _logger);
        }
        (MetricKind Kind, bool Cumulative, bool Observable)? shape =
            definition == typeof(Counter<>) ? (MetricKind.Counter, true, false)
            : definition == typeof(UpDownCounter<>) ? (MetricKind.Gauge, true, false)
            : definition == typeof(Gauge<>) ? (MetricKind.Gauge, false, false)
            // Observable counters report their running total, so they set rather than add.
            : definition == typeof(ObservableCounter<>) ? (MetricKind.Counter, false, true)
            : definition == typeof(ObservableUpDownCounter<>) ? (MetricKind.Gauge, false, true)
            : definition == typeof(ObservableGauge<>) ? (MetricKind.Gauge, false, true)
            : null;
        return shape is { } s ? new ValueFamily(description, s.Kind, s.Cumulative, s.Observable, limit, _logger) : null;
    }

    /// <summary>The instrument's advised bucket bounds (ASP.NET Core and Kestrel give their duration histograms some).</summary>
    private static IReadOnlyList<double>? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Instrument<double> i => i.Advice?.HistogramBucketBoundaries,
        Instrument<float> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
        Instrument<long> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
        Instrument<int> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
        Instrument<short> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
        Instrument<byte> i => ToDoubles(i.Advice?.HistogramBucketBoundaries),
        Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };

    private static double[]? ToDoubles<T>(IReadOnlyList<T>? bounds) where T : struct, IConvertible =>
        bounds?.Select(b => b.ToDouble(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static void RenderDropped(ref ExpositionWriter writer, MetricFamily[] families, ExpositionFormat format) =>
        SeriesDroppedMetric.Render(ref writer, families, format);
}
