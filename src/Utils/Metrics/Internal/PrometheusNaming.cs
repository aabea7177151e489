using System.Text;

namespace Mmo.Metrics.Internal;

/// <summary>
/// Maps OpenTelemetry-style names (<c>mmo.world.players.active</c>, unit <c>s</c>) to Prometheus names, following
/// the OpenTelemetry "Prometheus and OpenMetrics compatibility" rules: invalid characters become <c>_</c>, runs of
/// <c>_</c> collapse, the unit is appended once, counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    /// <summary>
    /// The family name without <c>_total</c>: what OpenMetrics puts in TYPE/UNIT/HELP lines. Counters get
    /// <c>_total</c> at the sample (and, in the 0.0.4 text format, in the family name too).
    /// </summary>
    public static string MetricBaseName(string instrumentName, string? unit, MetricKind kind, out string unitSuffix)
    {
        var name = SanitizeMetricName(instrumentName);
        // Strip first, so "requests.total" with unit "s" becomes requests_seconds_total rather than requests_total_seconds_total.
        if (kind == MetricKind.Counter && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > "_total".Length)
        {
            name = name[..^"_total".Length];
        }
        unitSuffix = PrometheusUnits.Suffix(unit, kind);
        if (unitSuffix.Length > 0 && !name.EndsWith("_" + unitSuffix, StringComparison.Ordinal))
        {
            name = name + "_" + unitSuffix;
        }
        // _count, _sum and _bucket name a histogram's own series; a gauge ending in one (the runtime's
        // dotnet.assembly.count) could collide with a histogram's and promtool rejects it, so it says "current" instead.
        if (kind == MetricKind.Gauge && EndsWithReservedSuffix(name))
        {
            name += "_current";
            unitSuffix = "";
        }
        return name;
    }

    /// <summary>Metric names: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>. Colons are valid but reserved for recording rules, so they are mapped too.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, digitPrefix: "_");

    /// <summary>
    /// Label names: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>: <c>http.route</c> → <c>http_route</c>, <c>2xx</c> → <c>key_2xx</c>.
    /// Prometheus reserves names starting with <c>__</c>; collapsing runs of <c>_</c> keeps us out of them.
    /// </summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, digitPrefix: "key_");

    private static bool EndsWithReservedSuffix(string name) =>
        name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal);

    private static string Sanitize(string name, string digitPrefix)
    {
        if (name.Length == 0)
        {
            return "_";
        }
        var builder = new StringBuilder(name.Length + digitPrefix.Length);
        if (char.IsAsciiDigit(name[0]))
        {
            builder.Append(digitPrefix);
        }
        foreach (var c in name)
        {
            var mapped = char.IsAsciiLetterOrDigit(c) ? c : '_';
            // Collapse runs: "a..b" and "a._b" both read better as a_b than a__b.
            if (mapped == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }
            builder.Append(mapped);
        }
        return builder.ToString();
    }
}
