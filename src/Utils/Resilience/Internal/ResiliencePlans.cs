using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mmo.Resilience.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;

namespace Mmo.Resilience.Internal;

/// <summary>
/// Builds and caches a <see cref="MethodPlan"/> per method: the retry pipeline per method, and per service the circuit
/// breaker (in a Polly registry, keyed by service) and the bulkhead, so every method of a service shares them.
/// </summary>
internal sealed class ResiliencePlans : IDisposable
{
    /// <summary>How the retry strategy reaches the call it is retrying.</summary>
    public static readonly ResiliencePropertyKey<IRetryObserver> CallKey = new("Mmo.Resilience.Call");

    private readonly GrpcPolicyResolver _resolver;
    private readonly ConcurrentDictionary<string, MethodPlan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<ServiceBulkhead>> _bulkheads = new(StringComparer.Ordinal);
    private readonly ResiliencePipelineRegistry<string> _breakers = new();
    private readonly ResiliencePipelineRegistry<string> _retries = new();

    public ResiliencePlans(GrpcPolicyResolver resolver, ResilienceMetrics metrics, ILogger logger, TimeProvider time)
    {
        _resolver = resolver;
        Metrics = metrics;
        Logger = logger;
        Time = time;
    }

    public ResilienceMetrics Metrics { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>Counts and logs a call the bulkhead turned away, and returns the status it fails with.</summary>
    public Status RejectByBulkhead(MethodPlan plan, ServiceBulkhead bulkhead)
    {
        Metrics.Rejected(plan.ServiceName, plan.MethodName, "bulkhead");
        ResilienceLog.BulkheadRejected(Logger, plan.ServiceName, plan.FullName, bulkhead.MaxConcurrentCalls, bulkhead.MaxQueuedCalls);
        return new Status(plan.ServicePolicy.RejectionStatus,
            $"Too many calls to {plan.ServiceName} in flight ({bulkhead.MaxConcurrentCalls} running, {bulkhead.MaxQueuedCalls} waiting): the call was not sent.");
    }

    public MethodPlan Get(IMethod method) =>
        _plans.TryGetValue(method.FullName, out var plan) ? plan : _plans.GetOrAdd(method.FullName, _ => Build(method));

    private MethodPlan Build(IMethod method)
    {
        var policy = _resolver.GetMethodPolicy(method.ServiceName, method.Name);
        var service = _resolver.GetServicePolicy(method.ServiceName);
        return new MethodPlan
        {
            ServiceName = method.ServiceName,
            MethodName = method.Name,
            FullName = method.FullName,
            Policy = policy,
            ServicePolicy = service,
            Retry = policy.RetriesEnabled ? _retries.GetOrAddPipeline(method.FullName, b => ConfigureRetry(b, policy)) : null,
            Breaker = service.CircuitBreaker is { } breaker ? _breakers.GetOrAddPipeline(service.ServiceName, b => ConfigureBreaker(b, service.ServiceName, breaker)) : null,
            Bulkhead = service.BulkheadEnabled ? _bulkheads.GetOrAdd(service.ServiceName, _ => new Lazy<ServiceBulkhead>(() => new ServiceBulkhead(service))).Value : null,
        };
    }

    private void ConfigureRetry(ResiliencePipelineBuilder builder, GrpcMethodPolicy policy)
    {
        builder.TimeProvider = Time;
        var retryable = policy.RetryableStatuses;
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = policy.MaxRetries,
            Delay = policy.RetryBaseDelay,
            MaxDelay = policy.RetryMaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = policy.RetryJitter,
            // Local rejections are final: an open breaker stays open for its whole break, so retrying into it only waits.
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is RpcException { Status.DebugException: not BrokenCircuitException } ex && retryable.Contains(ex.StatusCode)),
            OnRetry = args =>
            {
                args.Context.Properties.GetValue(CallKey, null!)?.OnRetry(args.AttemptNumber, args.RetryDelay, args.Outcome.Exception);
                return default;
            },
        });
    }

    private void ConfigureBreaker(ResiliencePipelineBuilder builder, string serviceName, GrpcCircuitBreakerPolicy policy)
    {
        builder.TimeProvider = Time;
        var failures = policy.FailureStatuses;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = policy.FailureRatio,
            MinimumThroughput = policy.MinimumThroughput,
            SamplingDuration = policy.SamplingDuration,
            BreakDuration = policy.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RpcException ex && failures.Contains(ex.StatusCode)),
            OnOpened = args =>
            {
                var status = (args.Outcome.Exception as RpcException)?.StatusCode ?? StatusCode.Unknown;
                ResilienceLog.CircuitOpened(Logger, serviceName, args.BreakDuration.TotalMilliseconds, status);
                return default;
            },
            OnHalfOpened = _ =>
            {
                ResilienceLog.CircuitHalfOpened(Logger, serviceName);
                return default;
            },
            OnClosed = _ =>
            {
                ResilienceLog.CircuitClosed(Logger, serviceName);
                return default;
            },
        });
    }

    public void Dispose()
    {
        _retries.Dispose();
        _breakers.Dispose();
        foreach (var bulkhead in _bulkheads.Values)
        {
            if (bulkhead.IsValueCreated)
            {
                bulkhead.Value.Dispose();
            }
        }
    }
}
