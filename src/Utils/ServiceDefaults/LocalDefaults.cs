using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Mmo.ServiceDefaults;

/// <summary>
/// Settings that make a fresh checkout run on one machine with no configuration: where each service
/// listens locally (static discovery). They sit below every other source, so appsettings, environment
/// variables and arguments override them.
/// </summary>
internal static class LocalDefaults
{
    /// <summary>Logical service name → local gRPC address (the ports of docs/architecture.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> GrpcAddresses = new Dictionary<string, string>
    {
        ["auth"] = "http://127.0.0.1:5101",
        ["character"] = "http://127.0.0.1:5201",
        ["database"] = "http://127.0.0.1:5301",
        ["world"] = "http://127.0.0.1:5401",
        ["packet"] = "http://127.0.0.1:5501",
    };

    public static void AddTo(IConfigurationBuilder configuration)
    {
        var data = GrpcAddresses.ToDictionary(e => $"Discovery:Static:Services:{e.Key}:0", e => (string?)e.Value);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = data });
    }
}
