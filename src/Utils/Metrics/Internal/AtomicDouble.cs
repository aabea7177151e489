namespace Mmo.Metrics.Internal;

/// <summary>Lock-free arithmetic on a <see cref="double"/> field, which <see cref="Interlocked"/> lacks.</summary>
internal static class AtomicDouble
{
    public static void Add(ref double location, double delta)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + delta, current);
            // Compare bits, not values: with NaN in the field, seen == current is never true and we would spin forever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }
            current = seen;
        }
    }
}
