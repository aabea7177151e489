using System.ComponentModel.DataAnnotations;

namespace Mmo.Metrics;

/// <summary>
/// What the Prometheus exporter collects, bound from the <c>Metrics</c> configuration section
/// (environment variables <c>Metrics__MaxSeriesPerInstrument</c>, <c>Metrics__Meters__0</c>, ...).
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Metrics";

    /// <summary>
    /// The meters every service exports unless <see cref="IncludeDefaultMeters"/> is off: our own
    /// <c>Mmo.*</c> meters, ASP.NET Core hosting, Kestrel and routing, HttpClient, DNS and the runtime.
    /// </summary>
    public static IReadOnlyList<string> DefaultMeters { get; } =
    [
        "Mmo.*",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
    ];

    /// <summary>
    /// Whether <see cref="DefaultMeters"/> are collected in addition to <see cref="Meters"/>. Default: <c>true</c>.
    /// </summary>
    public bool IncludeDefaultMeters { get; set; } = true;

    /// <summary>
    /// Further meters to collect, by exact name (<c>Mmo.World</c>) or by prefix with a trailing
    /// <c>*</c> (<c>Mmo.*</c> matches <c>Mmo</c> and every <c>Mmo.</c>-prefixed meter). Names are case-sensitive,
    /// as meter names are. Default: empty.
    /// </summary>
    public List<string> Meters { get; set; } = [];

    /// <summary>
    /// Explicit histogram bucket upper bounds by instrument name (the dotted name, e.g.
    /// <c>mmo.world.tick.duration</c>), in the instrument's own unit, strictly increasing and finite; the
    /// <c>+Inf</c> bucket is always added. These win over the instrument's advice. Default: empty: the
    /// instrument's advice if it has one, else by unit: <c>s</c> gets 0.005 … 10, <c>ms</c> the same ×1000,
    /// anything else 0, 5, 10, 25 … 10000.
    /// </summary>
    public Dictionary<string, double[]> HistogramBuckets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The most distinct tag sets (series) kept per instrument. Measurements with a new tag set beyond it
    /// are dropped and counted in <c>mmo_metrics_series_dropped_total</c>, so a label explosion cannot grow
    /// memory without bound. Default: 2000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxSeriesPerInstrument { get; set; } = 2000;

    /// <summary>The meter name patterns in effect: the defaults (if included) and <see cref="Meters"/>.</summary>
    internal IEnumerable<string> EffectiveMeters() => IncludeDefaultMeters ? DefaultMeters.Concat(Meters) : Meters;

    /// <summary>Checks <see cref="HistogramBuckets"/>; on failure names the instrument and what is wrong.</summary>
    internal bool TryValidateBuckets(out string? error)
    {
        foreach (var (instrument, bounds) in HistogramBuckets)
        {
            if (bounds is null || bounds.Length == 0)
            {
                error = $"Metrics:HistogramBuckets:{instrument} is empty: give at least one upper bound, e.g. [0.01, 0.1, 1].";
                return false;
            }
            for (var i = 0; i < bounds.Length; i++)
            {
                if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
                {
                    error = $"Metrics:HistogramBuckets:{instrument} must be finite and strictly increasing (+Inf is added for you); element {i} is {bounds[i]}.";
                    return false;
                }
            }
        }
        error = null;
        return true;
    }
}
