using System.Collections.Frozen;
using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>
/// The policy in effect for one method: every <see cref="GrpcMethodPolicyOptions"/> layer that matches it, merged
/// (narrowest key wins, configuration over code at the same key), with defaults for what no layer sets.
/// Resolved once per method by <see cref="GrpcPolicyResolver"/>.
/// </summary>
public sealed record GrpcMethodPolicy
{
    /// <summary>The built-in defaults, used where no layer sets a value.</summary>
    public static GrpcMethodPolicy Default { get; } = new()
    {
        Idempotent = false,
        Timeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(5),
        StreamingTimeout = null,
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(2),
        RetryJitter = true,
        RetryableStatuses = new[] { StatusCode.Unavailable }.ToFrozenSet(),
    };

    /// <inheritdoc cref="GrpcMethodPolicyOptions.Idempotent"/>
    public required bool Idempotent { get; init; }

    /// <inheritdoc cref="GrpcMethodPolicyOptions.Timeout"/>
    public required TimeSpan Timeout { get; init; }

    /// <inheritdoc cref="GrpcMethodPolicyOptions.TotalTimeout"/>
    public required TimeSpan TotalTimeout { get; init; }

    /// <summary>Deadline of a streaming call whose caller set none; null for none.</summary>
    public required TimeSpan? StreamingTimeout { get; init; }

    /// <inheritdoc cref="GrpcMethodPolicyOptions.MaxRetries"/>
    public required int MaxRetries { get; init; }

    /// <inheritdoc cref="GrpcMethodPolicyOptions.RetryBaseDelay"/>
    public required TimeSpan RetryBaseDelay { get; init; }

    /// <inheritdoc cref="GrpcMethodPolicyOptions.RetryMaxDelay"/>
    public required TimeSpan RetryMaxDelay { get; init; }

    /// <inheritdoc cref="GrpcMethodPolicyOptions.RetryJitter"/>
    public required bool RetryJitter { get; init; }

    /// <inheritdoc cref="GrpcMethodPolicyOptions.RetryableStatuses"/>
    public required IReadOnlySet<StatusCode> RetryableStatuses { get; init; }

    /// <summary>Whether unary calls of the method are retried at all: idempotent and at least one retry allowed.</summary>
    public bool RetriesEnabled => Idempotent && MaxRetries > 0 && RetryableStatuses.Count > 0;
}
