using System.ComponentModel.DataAnnotations;

namespace Mmo.Discovery.Consul;

/// <summary>
/// The Consul agent to resolve through (mode <c>Consul</c>). Section <c>Discovery:Consul</c>; the token belongs in
/// an environment variable (<c>Discovery__Consul__Token</c>), never in appsettings.
/// </summary>
public sealed class ConsulDiscoveryOptions
{
    public const string SectionName = "Discovery:Consul";

    /// <summary>The agent's HTTP API base address. Default http://127.0.0.1:8500 (the local agent).</summary>
    public string Address { get; set; } = "http://127.0.0.1:8500";

    /// <summary>ACL token sent as <c>X-Consul-Token</c> on every request. Default none (ACLs off).</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Longest time a blocking query on /v1/health/service waits for a change, in seconds (sent as <c>wait=Ns</c>).
    /// Default 60; Consul caps it at 600 and adds up to 1/16 of jitter.
    /// </summary>
    [Range(1, 600, ErrorMessage = "Discovery:Consul:BlockingWaitSeconds must be between 1 and 600 (Consul's limit).")]
    public int BlockingWaitSeconds { get; set; } = 60;

    /// <summary>
    /// Rate limit of the blocking-query loop, in milliseconds per query: a token bucket with a burst of 2, so two
    /// quick changes arrive at once and a churning service is polled at this rate instead of in a busy loop.
    /// Default 1000; 0 turns the limit off.
    /// </summary>
    [Range(0, 600_000, ErrorMessage = "Discovery:Consul:MinQueryIntervalMs must be between 0 and 600000.")]
    public int MinQueryIntervalMs { get; set; } = 1000;

    /// <summary>First wait after a failed request to the agent, in milliseconds; doubles per failure up to <see cref="MaxErrorBackoffMs"/>. Default 1000.</summary>
    [Range(10, 600_000, ErrorMessage = "Discovery:Consul:ErrorBackoffMs must be between 10 and 600000.")]
    public int ErrorBackoffMs { get; set; } = 1000;

    /// <summary>Longest wait between retries after failures, in milliseconds. Default 30000.</summary>
    [Range(10, 600_000, ErrorMessage = "Discovery:Consul:MaxErrorBackoffMs must be between 10 and 600000.")]
    public int MaxErrorBackoffMs { get; set; } = 30_000;

    /// <summary>Time limit of the non-blocking requests (register, deregister), in seconds. Default 10.</summary>
    [Range(1, 300, ErrorMessage = "Discovery:Consul:RequestTimeoutSeconds must be between 1 and 300.")]
    public int RequestTimeoutSeconds { get; set; } = 10;
}
