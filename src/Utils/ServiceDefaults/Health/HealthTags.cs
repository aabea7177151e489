namespace Mmo.ServiceDefaults.Health;

/// <summary>Tags that sort health checks into liveness and readiness.</summary>
public static class HealthTags
{
    /// <summary>Checks of the process itself (/healthz): failing means restart it.</summary>
    public const string Live = "live";

    /// <summary>Checks of dependencies (/readyz, grpc.health.v1): failing means send it no traffic.</summary>
    public const string Ready = "ready";
}
