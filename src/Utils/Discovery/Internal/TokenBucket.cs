namespace Mmo.Discovery.Internal;

/// <summary>
/// A token bucket for one loop (not thread-safe): <c>burst</c> takes pass at once, then one per interval. Consul's
/// blocking-query guidance asks for exactly this, so a churning result degrades into polling at a fixed rate.
/// </summary>
internal sealed class TokenBucket(int burst, TimeSpan interval, TimeProvider time)
{
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    public async ValueTask TakeAsync(CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        Refill();
        if (_tokens < 1)
        {
            await Task.Delay(interval * (1 - _tokens), time, cancellationToken).ConfigureAwait(false);
            Refill();
        }
        _tokens = Math.Max(0, _tokens - 1);
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_last, now) / interval));
        _last = now;
    }
}
