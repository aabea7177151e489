namespace Mmo.Discovery.Balancing;

/// <summary>State of an endpoint's circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Healthy: the endpoint takes its share of calls.</summary>
    Closed,

    /// <summary>Failing: skipped until its break is over.</summary>
    Open,

    /// <summary>Break over: one trial call decides between Closed and Open.</summary>
    HalfOpen,
}
