using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Mmo.Resilience.Internal;

namespace Mmo.Resilience;

/// <summary>
/// Finds the policy of a method or service: the layers that match it, widest first (<c>*/*</c>, <c>service/*</c>,
/// <c>service/method</c>; for services <c>*</c> then the name), each from code then from configuration, every set value
/// overriding the one before; then the defaults. Each result is computed once and cached. Configuration is read at
/// start-up: a change needs a restart.
/// </summary>
public sealed class GrpcPolicyResolver
{
    private readonly GrpcResilienceOptions _options;
    private readonly GrpcResiliencePolicies _code;
    private readonly ConcurrentDictionary<(string Service, string Method), GrpcMethodPolicy> _methods = new();
    private readonly ConcurrentDictionary<string, GrpcServicePolicy> _services = new(StringComparer.Ordinal);

    public GrpcPolicyResolver(IOptions<GrpcResilienceOptions> options, IOptions<GrpcResiliencePolicies> code)
    {
        _options = options.Value;
        _code = code.Value;
    }

    /// <summary>The policy of <paramref name="methodName"/> of <paramref name="serviceName"/> (e.g. <c>mmo.auth.v1.Auth</c>, <c>ValidateSession</c>).</summary>
    public GrpcMethodPolicy GetMethodPolicy(string serviceName, string methodName) =>
        _methods.TryGetValue((serviceName, methodName), out var policy)
            ? policy
            : _methods.GetOrAdd((serviceName, methodName), key => ResolveMethod(key.Service, key.Method));

    /// <summary>The policy of the service <paramref name="serviceName"/>.</summary>
    public GrpcServicePolicy GetServicePolicy(string serviceName) =>
        _services.TryGetValue(serviceName, out var policy) ? policy : _services.GetOrAdd(serviceName, ResolveService);

    private GrpcMethodPolicy ResolveMethod(string serviceName, string methodName)
    {
        var merged = new GrpcMethodPolicyOptions();
        foreach (var key in PolicyKeys.MethodLayers(serviceName, methodName))
        {
            Overlay(merged, _code.Methods.GetValueOrDefault(key));
            Overlay(merged, _options.Methods?.GetValueOrDefault(key));
        }
        var defaults = GrpcMethodPolicy.Default;
        var timeout = merged.Timeout ?? defaults.Timeout;
        return new GrpcMethodPolicy
        {
            Idempotent = merged.Idempotent ?? defaults.Idempotent,
            Timeout = timeout,
            // Unset, the overall deadline follows the attempt's own, not the default's 5 s.
            TotalTimeout = merged.TotalTimeout ?? timeout,
            StreamingTimeout = merged.StreamingTimeout is { } s && s > TimeSpan.Zero ? s : null,
            MaxRetries = merged.MaxRetries ?? defaults.MaxRetries,
            RetryBaseDelay = merged.RetryBaseDelay ?? defaults.RetryBaseDelay,
            RetryMaxDelay = merged.RetryMaxDelay ?? defaults.RetryMaxDelay,
            RetryJitter = merged.RetryJitter ?? defaults.RetryJitter,
            RetryableStatuses = merged.RetryableStatuses?.ToFrozenSet() ?? defaults.RetryableStatuses,
        };
    }

    private GrpcServicePolicy ResolveService(string serviceName)
    {
        var merged = new GrpcServicePolicyOptions();
        var breaker = new GrpcCircuitBreakerOptions();
        foreach (var key in PolicyKeys.ServiceLayers(serviceName))
        {
            foreach (var layer in (ReadOnlySpan<GrpcServicePolicyOptions?>)[_code.Services.GetValueOrDefault(key), _options.Services?.GetValueOrDefault(key)])
            {
                Overlay(merged, layer);
                Overlay(breaker, layer?.CircuitBreaker);
            }
        }
        return new GrpcServicePolicy
        {
            ServiceName = serviceName,
            MaxConcurrentCalls = merged.MaxConcurrentCalls ?? 0,
            MaxQueuedCalls = merged.MaxQueuedCalls ?? 0,
            RejectionStatus = merged.RejectionStatus ?? global::Grpc.Core.StatusCode.ResourceExhausted,
            CircuitBreaker = breaker.Enabled == true ? ToPolicy(breaker) : null,
        };
    }

    private static GrpcCircuitBreakerPolicy ToPolicy(GrpcCircuitBreakerOptions o)
    {
        var defaults = GrpcCircuitBreakerPolicy.Default;
        return new GrpcCircuitBreakerPolicy
        {
            FailureRatio = o.FailureRatio ?? defaults.FailureRatio,
            MinimumThroughput = o.MinimumThroughput ?? defaults.MinimumThroughput,
            SamplingDuration = o.SamplingDuration ?? defaults.SamplingDuration,
            BreakDuration = o.BreakDuration ?? defaults.BreakDuration,
            FailureStatuses = o.FailureStatuses?.ToFrozenSet() ?? defaults.FailureStatuses,
        };
    }

    private static void Overlay(GrpcMethodPolicyOptions target, GrpcMethodPolicyOptions? layer)
    {
        if (layer is null)
        {
            return;
        }
        target.Idempotent = layer.Idempotent ?? target.Idempotent;
        target.Timeout = layer.Timeout ?? target.Timeout;
        target.TotalTimeout = layer.TotalTimeout ?? target.TotalTimeout;
        target.StreamingTimeout = layer.StreamingTimeout ?? target.StreamingTimeout;
        target.MaxRetries = layer.MaxRetries ?? target.MaxRetries;
        target.RetryBaseDelay = layer.RetryBaseDelay ?? target.RetryBaseDelay;
        target.RetryMaxDelay = layer.RetryMaxDelay ?? target.RetryMaxDelay;
        target.RetryJitter = layer.RetryJitter ?? target.RetryJitter;
        target.RetryableStatuses = layer.RetryableStatuses ?? target.RetryableStatuses;
    }

    private static void Overlay(GrpcServicePolicyOptions target, GrpcServicePolicyOptions? layer)
    {
        if (layer is null)
        {
            return;
        }
        target.MaxConcurrentCalls = layer.MaxConcurrentCalls ?? target.MaxConcurrentCalls;
        target.MaxQueuedCalls = layer.MaxQueuedCalls ?? target.MaxQueuedCalls;
        target.RejectionStatus = layer.RejectionStatus ?? target.RejectionStatus;
    }

    private static void Overlay(GrpcCircuitBreakerOptions target, GrpcCircuitBreakerOptions? layer)
    {
        if (layer is null)
        {
            return;
        }
        target.Enabled = layer.Enabled ?? target.Enabled;
        target.FailureRatio = layer.FailureRatio ?? target.FailureRatio;
        target.MinimumThroughput = layer.MinimumThroughput ?? target.MinimumThroughput;
        target.SamplingDuration = layer.SamplingDuration ?? target.SamplingDuration;
        target.BreakDuration = layer.BreakDuration ?? target.BreakDuration;
        target.FailureStatuses = layer.FailureStatuses ?? target.FailureStatuses;
    }
}
