namespace Mmo.Metrics.Internal;

/// <summary>A series holding one number: a running sum (counters) or the last value (gauges, observables).</summary>
internal sealed class ValueSeries(byte[] labels) : Series(labels)
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double delta) => AtomicDouble.Add(ref _value, delta);

    public void Set(double value) => Volatile.Write(ref _value, value);
}
