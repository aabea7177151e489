using Mmo.Resilience.Internal;

namespace Mmo.Resilience;

/// <summary>
/// Policies declared in code, beside the client that calls the methods: what is true of a method whatever the
/// deployment (it is idempotent; it is slow). Configuration (<see cref="GrpcResilienceOptions"/>) overrides them key by
/// key, setting by setting. Filled through <see cref="GrpcResilienceServiceCollectionExtensions.AddGrpcResilience"/>.
/// </summary>
/// <example>
/// <code>
/// services.AddGrpcResilience(policies =>
/// {
///     policies.ForMethod("mmo.auth.v1.Auth/ValidateSession").Idempotent().Timeout(TimeSpan.FromSeconds(2));
///     policies.ForService("mmo.database.v1.Database").Bulkhead(maxConcurrentCalls: 64, maxQueuedCalls: 128);
/// });
/// </code>
/// </example>
public sealed class GrpcResiliencePolicies
{
    internal Dictionary<string, GrpcMethodPolicyOptions> Methods { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Dictionary<string, GrpcServicePolicyOptions> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The policy layer of <paramref name="key"/>: <c>package.Service/Method</c>, <c>package.Service/*</c> or <c>*/*</c>.
    /// Calling it again with the same key changes the same layer.
    /// </summary>
    public GrpcMethodPolicyBuilder ForMethod(string key)
    {
        if (!PolicyKeys.IsValidMethodKey(key))
        {
            throw new ArgumentException(PolicyKeys.MethodKeyHelp(key), nameof(key));
        }
        if (!Methods.TryGetValue(key, out var options))
        {
            Methods[key] = options = new GrpcMethodPolicyOptions();
        }
        return new GrpcMethodPolicyBuilder(options);
    }

    /// <summary>The layer of every method: the same as <c>ForMethod("*/*")</c>.</summary>
    public GrpcMethodPolicyBuilder ForAllMethods() => ForMethod(PolicyKeys.AnyMethod);

    /// <summary>The service policy layer of <paramref name="serviceName"/> (<c>package.Service</c>), or <c>*</c> for every service.</summary>
    public GrpcServicePolicyBuilder ForService(string serviceName)
    {
        if (!PolicyKeys.IsValidServiceKey(serviceName))
        {
            throw new ArgumentException(PolicyKeys.ServiceKeyHelp(serviceName), nameof(serviceName));
        }
        if (!Services.TryGetValue(serviceName, out var options))
        {
            Services[serviceName] = options = new GrpcServicePolicyOptions();
        }
        return new GrpcServicePolicyBuilder(options);
    }
}
