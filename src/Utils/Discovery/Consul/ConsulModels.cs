using System.Text.Json.Serialization;

namespace Mmo.Discovery.Consul;

// The parts of Consul's agent and health API documents this client reads and writes
// (https://developer.hashicorp.com/consul/api-docs/agent/service, .../api-docs/health). Field names are Consul's.

/// <summary>Body of PUT /v1/agent/service/register.</summary>
internal sealed class ConsulServiceRegistration
{
    public required string ID { get; init; }

    public required string Name { get; init; }

    public required string Address { get; init; }

    public required int Port { get; init; }

    public string[] Tags { get; init; } = [];

    public Dictionary<string, string> Meta { get; init; } = [];

    public required ConsulAgentCheck Check { get; init; }
}

/// <summary>A gRPC health check (grpc.health.v1) the agent runs against the instance.</summary>
internal sealed class ConsulAgentCheck
{
    public required string Name { get; init; }

    /// <summary><c>host:port</c> (optionally <c>/service</c>) the agent calls grpc.health.v1.Health/Check on.</summary>
    public required string GRPC { get; init; }

    public bool GRPCUseTLS { get; init; }

    /// <summary>Go duration, e.g. "10s".</summary>
    public required string Interval { get; init; }

    public required string Timeout { get; init; }

    public required string DeregisterCriticalServiceAfter { get; init; }
}

/// <summary>One element of the GET /v1/health/service/&lt;name&gt; array.</summary>
internal sealed class ConsulServiceEntry
{
    public ConsulNode? Node { get; init; }

    public ConsulService? Service { get; init; }
}

internal sealed class ConsulNode
{
    public string? Node { get; init; }

    /// <summary>The node's address, used when the service registered none.</summary>
    public string? Address { get; init; }
}

internal sealed class ConsulService
{
    public string? ID { get; init; }

    public string? Service { get; init; }

    public string? Address { get; init; }

    public int Port { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConsulServiceRegistration))]
[JsonSerializable(typeof(ConsulServiceEntry[]))]
internal sealed partial class ConsulJsonContext : JsonSerializerContext;
