using System.ComponentModel.DataAnnotations;

namespace Mmo.Discovery;

/// <summary>How services find each other. Section <c>Discovery</c>; env vars <c>Discovery__Mode</c> etc.</summary>
public sealed class DiscoveryOptions
{
    public const string SectionName = "Discovery";

    /// <summary>Source of endpoints: <c>Static</c>, <c>Consul</c> or <c>Dns</c> (any case). Default Static.</summary>
    public DiscoveryMode Mode { get; set; } = DiscoveryMode.Static;

    /// <summary>
    /// Scheme of the endpoints built from Consul and DNS answers: <c>http</c> (cleartext HTTP/2) or <c>https</c>.
    /// Default http. Static addresses carry their own scheme.
    /// </summary>
    [Required(ErrorMessage = "Discovery:Scheme is required: 'http' or 'https'.")]
    [RegularExpression("^https?$", ErrorMessage = "Discovery:Scheme must be 'http' or 'https'.")]
    public string Scheme { get; set; } = "http";
}
