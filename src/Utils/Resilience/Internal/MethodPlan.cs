using Polly;

namespace Mmo.Resilience.Internal;

/// <summary>Everything the interceptor applies to one method, built once: its policies and the shared parts of its service.</summary>
internal sealed class MethodPlan
{
    public required string ServiceName { get; init; }

    public required string MethodName { get; init; }

    /// <summary>The method path, <c>/package.Service/Method</c>, for logs.</summary>
    public required string FullName { get; init; }

    public required GrpcMethodPolicy Policy { get; init; }

    public required GrpcServicePolicy ServicePolicy { get; init; }

    /// <summary>The retry strategy of the method; null when it is not retried (not idempotent, or no retries).</summary>
    public ResiliencePipeline? Retry { get; init; }

    /// <summary>The circuit breaker of the service, shared by its methods; null when off.</summary>
    public ResiliencePipeline? Breaker { get; init; }

    /// <summary>The bulkhead of the service, shared by its methods; null when unlimited.</summary>
    public ServiceBulkhead? Bulkhead { get; init; }

    /// <summary>Nothing to do for a unary call but set its deadline: the call needs no wrapper.</summary>
    public bool DeadlineOnly => Retry is null && Breaker is null && Bulkhead is null;
}
