using System.ComponentModel.DataAnnotations;

namespace Mmo.Discovery.Balancing;

/// <summary>
/// Client-side balancing of gRPC calls over a service's endpoints: round robin, skipping endpoints whose circuit
/// is open. Section <c>Discovery:Balancing</c>; applies to every service client.
/// </summary>
public sealed class BalancingOptions
{
    public const string SectionName = "Discovery:Balancing";

    /// <summary>
    /// How long an endpoint is skipped after a transport failure (connection refused or reset: UNAVAILABLE from
    /// the transport), in milliseconds. Doubles each time the endpoint fails again, up to <see cref="MaxBreakMs"/>.
    /// Default 1000.
    /// </summary>
    [Range(1, 3_600_000, ErrorMessage = "Discovery:Balancing:FailureBackoffMs must be between 1 and 3600000.")]
    public int FailureBackoffMs { get; set; } = 1000;

    /// <summary>Consecutive failed calls (UNAVAILABLE or DEADLINE_EXCEEDED) that open an endpoint's circuit. Default 5.</summary>
    [Range(1, 10_000, ErrorMessage = "Discovery:Balancing:ConsecutiveFailures must be between 1 and 10000.")]
    public int ConsecutiveFailures { get; set; } = 5;

    /// <summary>Share of failed calls within <see cref="SamplingSeconds"/> that opens the circuit (0–1). Default 0.5.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Discovery:Balancing:FailureRatio must be between 0.01 and 1.")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Fewest calls within a sampling window before <see cref="FailureRatio"/> applies. Default 10.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Discovery:Balancing:MinimumThroughput must be between 1 and 1000000.")]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Length of the window <see cref="FailureRatio"/> is measured over, in seconds. Default 10.</summary>
    [Range(1, 3600, ErrorMessage = "Discovery:Balancing:SamplingSeconds must be between 1 and 3600.")]
    public int SamplingSeconds { get; set; } = 10;

    /// <summary>
    /// How long a circuit opened by failed calls stays open before one trial call (half-open), in milliseconds.
    /// Doubles each time the trial fails, up to <see cref="MaxBreakMs"/>. Default 5000.
    /// </summary>
    [Range(1, 3_600_000, ErrorMessage = "Discovery:Balancing:BreakMs must be between 1 and 3600000.")]
    public int BreakMs { get; set; } = 5000;

    /// <summary>Longest time an endpoint is skipped, in milliseconds. Default 30000.</summary>
    [Range(1, 3_600_000, ErrorMessage = "Discovery:Balancing:MaxBreakMs must be between 1 and 3600000.")]
    public int MaxBreakMs { get; set; } = 30_000;

    /// <summary>
    /// Attempts of a unary call whose connection could not be made (nothing was sent, so another endpoint can be
    /// tried transparently). Default 3; 1 turns this off.
    /// </summary>
    [Range(1, 10, ErrorMessage = "Discovery:Balancing:MaxConnectAttempts must be between 1 and 10.")]
    public int MaxConnectAttempts { get; set; } = 3;

    /// <summary>
    /// How long the channel of an endpoint that left the resolved set stays open for its calls in flight, in
    /// seconds; calls still running after it end with CANCELLED. Default 30.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Discovery:Balancing:DrainSeconds must be between 0 and 3600.")]
    public int DrainSeconds { get; set; } = 30;
}
