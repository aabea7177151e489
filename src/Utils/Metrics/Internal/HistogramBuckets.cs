namespace Mmo.Metrics.Internal;

/// <summary>Picks a histogram's bucket bounds: configuration, then the instrument's advice, then a default by unit.</summary>
internal static class HistogramBuckets
{
    /// <summary>Request-latency bounds in seconds, the same as ASP.NET Core's own advice for its duration histograms.</summary>
    public static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary><see cref="Seconds"/> ×1000, written out so no bound picks up a floating-point tail (75.00000000000001).</summary>
    public static readonly double[] Milliseconds = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>OpenTelemetry's default explicit bounds, for instruments with no time unit.</summary>
    public static readonly double[] Generic = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static double[] Select(string instrumentName, string? unit, IReadOnlyList<double>? advice, MetricsOptions options)
    {
        if (options.HistogramBuckets.TryGetValue(instrumentName, out var configured) && IsValid(configured))
        {
            return [.. configured];
        }
        if (advice is { Count: > 0 } && IsValid(advice))
        {
            return [.. advice];
        }
        return unit switch
        {
            "s" => Seconds,
            "ms" => Milliseconds,
            _ => Generic,
        };
    }

    /// <summary>Finite and strictly increasing; anything else would make a bucket that can never be filled or a non-monotonic le.</summary>
    public static bool IsValid(IReadOnlyList<double>? bounds)
    {
        if (bounds is null || bounds.Count == 0)
        {
            return false;
        }
        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                return false;
            }
        }
        return true;
    }
}
