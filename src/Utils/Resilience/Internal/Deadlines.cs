namespace Mmo.Resilience.Internal;

/// <summary>Deadline arithmetic in UTC, where <see cref="DateTime.MaxValue"/> means none (as in Grpc.Core).</summary>
internal static class Deadlines
{
    /// <summary>The caller's deadline in UTC, or null when the caller set none.</summary>
    public static DateTime? OfCaller(DateTime? deadline) => deadline switch
    {
        null => null,
        { } d when d == DateTime.MaxValue => null,
        { Kind: DateTimeKind.Local } d => d.ToUniversalTime(),
        { } d => d,
    };

    /// <summary><paramref name="now"/> + <paramref name="timeout"/>, saturating at <see cref="DateTime.MaxValue"/>.</summary>
    public static DateTime After(DateTime now, TimeSpan timeout) =>
        timeout >= DateTime.MaxValue - now ? DateTime.MaxValue : now + timeout;

    public static DateTime Earlier(DateTime a, DateTime b) => a <= b ? a : b;
}
