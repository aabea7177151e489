namespace Mmo.Metrics.Internal;

/// <summary>
/// Per-bucket (non-cumulative) counts and the sum of one histogram series. The count is not stored: rendering
/// derives it from the buckets, so <c>_count</c> always equals the <c>+Inf</c> bucket even while a
/// measurement is landing.
/// </summary>
internal sealed class HistogramSeries(byte[] labels, int bucketCount) : Series(labels)
{
    // One more than the bounds: the last slot is the +Inf bucket.
    private readonly long[] _counts = new long[bucketCount + 1];
    private double _sum;

    public double Sum => Volatile.Read(ref _sum);

    public void Record(double value, double[] bounds)
    {
        // BinarySearch finds an equal bound (le is inclusive) or the complement of the first greater one.
        var index = Array.BinarySearch(bounds, value);
        if (index < 0)
        {
            index = ~index;
        }
        Interlocked.Increment(ref _counts[index]);
        AtomicDouble.Add(ref _sum, value);
    }

    public long CountAt(int bucket) => Volatile.Read(ref _counts[bucket]);
}
