namespace Mmo.Discovery.Internal;

/// <summary>Exponential backoff with jitter for retry loops.</summary>
internal static class Backoff
{
    /// <summary>
    /// <paramref name="initial"/> doubled per earlier failure, capped at <paramref name="max"/>, minus up to 20 % so
    /// that many processes that failed together do not retry together.
    /// </summary>
    public static TimeSpan For(int failures, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, exponent)));
        return delay - (delay * (Random.Shared.NextDouble() * 0.2));
    }
}
