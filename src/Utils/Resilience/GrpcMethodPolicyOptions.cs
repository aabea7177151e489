using Grpc.Core;

namespace Mmo.Resilience;

/// <summary>
/// One layer of a method policy, as written in configuration (<c>Resilience:Methods:&lt;key&gt;</c>) or in code
/// (<see cref="GrpcResiliencePolicies.ForMethod"/>). Every setting is optional: a setting left unset here comes from a
/// wider key (<c>service/method</c> → <c>service/*</c> → <c>*/*</c>), then from the default named in its comment.
/// The merged result is a <see cref="GrpcMethodPolicy"/>.
/// </summary>
public sealed class GrpcMethodPolicyOptions
{
    /// <summary>
    /// Whether a call can be repeated without changing the outcome (a read, a put by key, a request with an
    /// idempotency key). Only idempotent methods are retried. Default: <c>false</c>.
    /// </summary>
    public bool? Idempotent { get; set; }

    /// <summary>
    /// Longest time one attempt of a unary call may take: its deadline (sent to the server as grpc-timeout) is
    /// the earlier of now + this and the call's overall deadline. Must be positive. Default: 5 s.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Overall deadline of a unary call whose caller set none, retries and back-off included. A caller's own
    /// deadline takes its place. Must be positive. Default: <see cref="Timeout"/> (then a timed-out attempt leaves
    /// no time for another, whatever <see cref="RetryableStatuses"/> says).
    /// </summary>
    public TimeSpan? TotalTimeout { get; set; }

    /// <summary>
    /// Deadline of a streaming call whose caller set none. <see cref="TimeSpan.Zero"/> means no deadline, which
    /// suits long-lived streams (the world link). Default: none.
    /// </summary>
    public TimeSpan? StreamingTimeout { get; set; }

    /// <summary>Retries after the first attempt of an idempotent unary call, 0 to 10. Default: 2.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>
    /// Delay before the first retry; later ones grow exponentially (×2 per retry). With <see cref="RetryJitter"/>
    /// it is the median of a randomised delay. Zero or more. Default: 100 ms.
    /// </summary>
    public TimeSpan? RetryBaseDelay { get; set; }

    /// <summary>Cap on one back-off delay. Positive. Default: 2 s.</summary>
    public TimeSpan? RetryMaxDelay { get; set; }

    /// <summary>
    /// Randomise back-off delays (Polly's decorrelated jitter), so callers that failed together do not retry
    /// together. Default: <c>true</c>.
    /// </summary>
    public bool? RetryJitter { get; set; }

    /// <summary>
    /// Statuses of an attempt after which an idempotent call is retried. <c>OK</c> and <c>Cancelled</c> are not
    /// allowed. A list set at a narrower key replaces the wider one (it is not added to). Default: <c>[Unavailable]</c>.
    /// </summary>
    public List<StatusCode>? RetryableStatuses { get; set; }
}
