namespace Mmo.Redis.Connection;

/// <summary>Delays between reconnect attempts: exponential, capped, with jitter.</summary>
internal static class Backoff
{
    /// <summary>
    /// The delay before attempt <paramref name="failures"/> + 1: <c>min * 2^failures</c> capped at
    /// <paramref name="max"/>, of which a random half is taken away ("equal jitter"), so the many clients of a
    /// cluster that lost Redis together do not all reconnect in the same millisecond.
    /// </summary>
    public static TimeSpan Delay(int failures, TimeSpan min, TimeSpan max, Random random)
    {
        var step = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30)));
        return TimeSpan.FromMilliseconds((step / 2) + (random.NextDouble() * step / 2));
    }
}
