using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>Sets one layer of a method policy in code; see <see cref="GrpcMethodPolicyOptions"/> for what each setting means.</summary>
public sealed class GrpcMethodPolicyBuilder
{
    internal GrpcMethodPolicyBuilder(GrpcMethodPolicyOptions options) => Options = options;

    /// <summary>The layer being set.</summary>
    public GrpcMethodPolicyOptions Options { get; }

    /// <summary>Marks the method idempotent (or not): only idempotent methods are retried.</summary>
    public GrpcMethodPolicyBuilder Idempotent(bool idempotent = true)
    {
        Options.Idempotent = idempotent;
        return this;
    }

    /// <summary>Sets the per-attempt deadline.</summary>
    public GrpcMethodPolicyBuilder Timeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Options.Timeout = timeout;
        return this;
    }

    /// <summary>Sets the overall deadline of a call whose caller set none.</summary>
    public GrpcMethodPolicyBuilder TotalTimeout(TimeSpan totalTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(totalTimeout, TimeSpan.Zero);
        Options.TotalTimeout = totalTimeout;
        return this;
    }

    /// <summary>Sets the deadline of streaming calls whose caller set none; <see cref="TimeSpan.Zero"/> for none.</summary>
    public GrpcMethodPolicyBuilder StreamingTimeout(TimeSpan streamingTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamingTimeout, TimeSpan.Zero);
        Options.StreamingTimeout = streamingTimeout;
        return this;
    }

    /// <summary>Sets how many times an idempotent call is retried, and optionally its back-off.</summary>
    public GrpcMethodPolicyBuilder Retries(int maxRetries, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, bool? jitter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRetries, Internal.PolicyLimits.MaxRetries);
        Options.MaxRetries = maxRetries;
        if (baseDelay is { } b)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(b, TimeSpan.Zero, nameof(baseDelay));
            Options.RetryBaseDelay = b;
        }
        if (maxDelay is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(m, TimeSpan.Zero, nameof(maxDelay));
            Options.RetryMaxDelay = m;
        }
        Options.RetryJitter = jitter ?? Options.RetryJitter;
        return this;
    }

    /// <summary>Replaces the statuses after which an idempotent call is retried.</summary>
    public GrpcMethodPolicyBuilder RetryOn(params StatusCode[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Any(s => s is StatusCode.OK or StatusCode.Cancelled))
        {
            throw new ArgumentException("OK and Cancelled cannot be retried.", nameof(statuses));
        }
        Options.RetryableStatuses = [.. statuses];
        return this;
    }
}
