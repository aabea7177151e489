namespace Mmo.DatabaseService.Internal;

/// <summary>"Now" as PostgreSQL stores it: timestamptz keeps microseconds, so answers carry the value a later read returns.</summary>
internal static class DatabaseClock
{
    public static DateTimeOffset GetDatabaseNow(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }
}
