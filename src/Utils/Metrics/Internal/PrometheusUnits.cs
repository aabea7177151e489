using System.Collections.Frozen;

namespace Mmo.Metrics.Internal;

/// <summary>
/// UCUM units as OpenTelemetry instruments carry them (<c>s</c>, <c>By</c>, <c>{request}</c>, <c>By/s</c>) mapped to
/// the Prometheus name suffix (<c>seconds</c>, <c>bytes</c>, none, <c>bytes_per_second</c>), per the OpenTelemetry
/// Prometheus compatibility spec. Values are not converted: a <c>ms</c> instrument is exported as <c>_milliseconds</c>.
/// </summary>
internal static class PrometheusUnits
{
    private static readonly FrozenDictionary<string, string> Units = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds",
        ["ms"] = "milliseconds", ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> PerUnits = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["s"] = "second", ["min"] = "minute", ["m"] = "minute", ["h"] = "hour", ["d"] = "day",
        ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The suffix for a unit, or empty when the unit adds nothing to the name.</summary>
    public static string Suffix(string? unit, MetricKind kind)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }
        var trimmed = StripAnnotations(unit).Trim();
        if (trimmed == "1")
        {
            // A dimensionless gauge is a ratio; a counter of "1" is just a count.
            return kind == MetricKind.Gauge ? "ratio" : "";
        }
        var slash = trimmed.IndexOf('/');
        if (slash < 0)
        {
            return Map(trimmed, Units);
        }
        var numerator = Map(trimmed[..slash], Units);
        var denominator = Map(trimmed[(slash + 1)..], PerUnits);
        if (denominator.Length == 0)
        {
            return numerator;
        }
        return numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
    }

    private static string Map(string unit, FrozenDictionary<string, string> table)
    {
        unit = unit.Trim();
        if (unit.Length == 0 || unit == "1")
        {
            return "";
        }
        if (table.TryGetValue(unit, out var mapped))
        {
            return mapped;
        }
        return PrometheusNaming.SanitizeMetricName(unit).Trim('_');
    }

    /// <summary>Removes <c>{...}</c> annotations: <c>{request}</c> → empty, <c>{packet}/s</c> → <c>/s</c>.</summary>
    private static string StripAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }
        var builder = new System.Text.StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
