namespace Mmo.Resilience;

/// <summary>
/// Policies of outgoing gRPC calls, bound from the <c>Resilience</c> configuration section. Keys are matched
/// without regard to case. Settings here override those declared in code (<see cref="GrpcResiliencePolicies"/>) at
/// the same key; a narrower key overrides a wider one, whichever declared it.
/// </summary>
/// <example>
/// <code>
/// "Resilience": {
///   "Methods": {
///     "*/*": { "Timeout": "00:00:05" },
///     "mmo.auth.v1.Auth/*": { "MaxRetries": 3 },
///     "mmo.auth.v1.Auth/ValidateSession": { "Idempotent": true, "Timeout": "00:00:02" }
///   },
///   "Services": {
///     "mmo.database.v1.Database": { "MaxConcurrentCalls": 64, "MaxQueuedCalls": 128 }
///   }
/// }
/// </code>
/// </example>
public sealed class GrpcResilienceOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Resilience";

    /// <summary>
    /// Method policies by key: <c>package.Service/Method</c>, <c>package.Service/*</c> (every method of the service) or
    /// <c>*/*</c> (every method). Default: empty (built-in defaults for everything).
    /// </summary>
    public Dictionary<string, GrpcMethodPolicyOptions> Methods { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Service policies (bulkhead, circuit breaker) by fully qualified service name, or <c>*</c> for every service.
    /// Default: empty (no bulkhead, no breaker).
    /// </summary>
    public Dictionary<string, GrpcServicePolicyOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
