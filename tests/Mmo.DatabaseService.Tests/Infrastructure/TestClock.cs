namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>
/// The service's clock in tests: real time plus an offset the test moves forward (expiries, restore windows)
/// without sleeping. Timers stay real, so hosting machinery that waits on them keeps working.
/// </summary>
internal sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
