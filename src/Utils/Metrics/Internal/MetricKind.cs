namespace Mmo.Metrics.Internal;

/// <summary>The Prometheus type an instrument is exported as.</summary>
internal enum MetricKind
{
    /// <summary>Monotonic sums: Counter and ObservableCounter.</summary>
    Counter,

    /// <summary>Values that go up and down: UpDownCounter, ObservableUpDownCounter, Gauge, ObservableGauge.</summary>
    Gauge,

    /// <summary>Histogram: explicit buckets, sum and count.</summary>
    Histogram,
}
