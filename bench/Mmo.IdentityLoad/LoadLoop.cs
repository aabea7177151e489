using System.Diagnostics;

namespace Mmo.IdentityLoad;

/// <summary>Runs an operation from N concurrent callers for a fixed time and reports rate and latency.</summary>
internal static class LoadLoop
{
    public static async Task<string> RunAsync(string name, int callers, TimeSpan duration, Func<int, Task> operation)
    {
        var latencies = new List<double>[callers];
        var errors = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var mine = latencies[caller] = [];
            var i = 0;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await operation(caller * 1_000_000 + i++);
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return $"| {name} | {callers} | {all.Length / elapsed:N0} | {P(0.5):N0} | {P(0.99):N0} | {errors} |";
    }
}
