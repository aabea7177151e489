using System.Globalization;

namespace Mmo.GrpcLoad;

/// <summary>
/// Process-wide runtime counters, read at the start and end of the measured seconds: bytes allocated
/// (every thread), collections, GC pause time, thread-pool work items run (each one a hop between
/// threads) and lock contentions.
/// </summary>
internal readonly record struct ProcessCounters(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long WorkItems, long LockContentions)
{
    public static ProcessCounters Read() => new(
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalPauseDuration(), ThreadPool.CompletedWorkItemCount, Monitor.LockContentionCount);

    public static ProcessCounters operator -(ProcessCounters end, ProcessCounters start) => new(
        end.Allocated - start.Allocated, end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2,
        end.GcPause - start.GcPause, end.WorkItems - start.WorkItems, end.LockContentions - start.LockContentions);

    /// <summary>The counters as one line of text, for the serve mode's STATS answer.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Allocated} {Gen0} {Gen1} {Gen2} {GcPause.Ticks} {WorkItems} {LockContentions}");

    public static ProcessCounters Parse(ReadOnlySpan<string> parts) => new(
        long.Parse(parts[0], CultureInfo.InvariantCulture),
        int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture),
        TimeSpan.FromTicks(long.Parse(parts[4], CultureInfo.InvariantCulture)),
        long.Parse(parts[5], CultureInfo.InvariantCulture), long.Parse(parts[6], CultureInfo.InvariantCulture));
}
