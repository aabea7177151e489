namespace Mmo.GrpcLoad;

/// <summary>
/// What one run measured, over its measured seconds only. <c>Client</c> holds the counters of this
/// process (client, and server too when it runs in-process); <c>ServerCounters</c> those of a separate
/// server process of ours (null in-process or for a peer); <c>ServerCpu</c> the CPU time of a separate
/// server process (null in-process).
/// </summary>
internal sealed record RunResult(
    Scenario Scenario,
    string Server,
    int Callers,
    TimeSpan Measured,
    long Calls,
    long Messages,
    long Errors,
    string? FirstError,
    LatencyHistogram Latency,
    ProcessCounters Client,
    TimeSpan ProcessCpu,
    ProcessCounters? ServerCounters,
    TimeSpan? ServerCpu,
    IReadOnlyList<AllocationSample>? AllocationSamples)
{
    public double CallsPerSecond => Calls / Measured.TotalSeconds;

    public double MessagesPerSecond => Messages / Measured.TotalSeconds;

    /// <summary>Calls for unary runs, messages for streaming runs: what per-unit figures divide by.</summary>
    public long Units => Scenario.Kind == CallKind.Unary ? Calls : Messages;
}

/// <summary>One allocated type's share of the sampled allocation bytes.</summary>
internal sealed record AllocationSample(string TypeName, long SampledBytes, double Share);
