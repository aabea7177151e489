namespace Mmo.Discovery.Static;

/// <summary>
/// Endpoints listed in configuration. Section <c>Discovery:Static</c>, e.g.
/// <c>Discovery:Static:Services:auth:0 = http://127.0.0.1:5101</c> (env <c>Discovery__Static__Services__auth__0</c>).
/// Changes to the configuration apply at run time, without a restart.
/// </summary>
public sealed class StaticDiscoveryOptions
{
    public const string SectionName = "Discovery:Static";

    /// <summary>Base addresses (http:// or https://, host and port) of each service's replicas, by service name (any case). Default none.</summary>
    public Dictionary<string, List<string>> Services { get; } = new(StringComparer.OrdinalIgnoreCase);
}
