using System.Diagnostics;
using System.Numerics;

namespace Mmo.GrpcLoad;

/// <summary>
/// Call durations in log-linear buckets (exact below 256 ticks, then 128 buckets per power of two, so
/// a percentile is within 0.8 % of the truth). Recording allocates nothing, so it does not disturb the
/// allocation figures. One instance per caller; merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 256;
    private const int SubBuckets = 128;
    private readonly long[] _counts = new long[Linear + 56 * SubBuckets];

    public long Count { get; private set; }

    public void Record(long ticks)
    {
        _counts[Index(Math.Max(ticks, 0))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
    }

    /// <summary>The duration below which <paramref name="percentile"/> % of the calls ended.</summary>
    public TimeSpan Percentile(double percentile)
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }
        var rank = (long)Math.Ceiling(Count * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromSeconds(Midpoint(i) / (double)Stopwatch.Frequency);
            }
        }
        return TimeSpan.MaxValue;
    }

    private static int Index(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - 7;
        var mantissa = (int)(value >> shift);
        return Linear + (shift - 1) * SubBuckets + (mantissa - SubBuckets);
    }

    private static double Midpoint(int index)
    {
        if (index < Linear)
        {
            return index;
        }
        var shift = (index - Linear) / SubBuckets + 1;
        var mantissa = (index - Linear) % SubBuckets + SubBuckets;
        return ((long)mantissa << shift) + (1L << shift) / 2.0;
    }
}
