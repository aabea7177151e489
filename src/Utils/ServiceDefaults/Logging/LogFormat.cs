namespace Mmo.ServiceDefaults.Logging;

/// <summary>How console logs are written.</summary>
public enum LogFormat
{
    /// <summary>JSON in a container (DOTNET_RUNNING_IN_CONTAINER or KUBERNETES_SERVICE_HOST set), plain otherwise.</summary>
    Auto,
    /// <summary>One JSON object per line, scopes (the correlation id) as fields: for log collectors.</summary>
    Json,
    /// <summary>Human-readable lines, scopes as a prefix: for a terminal.</summary>
    Plain,
}
