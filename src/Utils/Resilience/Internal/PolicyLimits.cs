namespace Mmo.Resilience.Internal;

/// <summary>Bounds of policy settings, shared by the validator and the code builders.</summary>
internal static class PolicyLimits
{
    /// <summary>More than this many retries only multiplies the load on a service that is already failing.</summary>
    public const int MaxRetries = 10;

    /// <summary>Polly's circuit breaker refuses shorter sampling and break durations.</summary>
    public static readonly TimeSpan MinBreakerDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>Polly refuses back-off delays, sampling and break durations longer than a day.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    /// <summary>Polly's circuit breaker needs at least two attempts to compute a ratio.</summary>
    public const int MinBreakerThroughput = 2;
}
