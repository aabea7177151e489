using System.Globalization;
using System.Text;

namespace Mmo.Metrics.Internal;

/// <summary>
/// Renders a tag set as a Prometheus label block once, when its series is created, so a scrape only copies bytes.
/// </summary>
internal static class LabelFormatter
{
    /// <summary>
    /// <c>a="x",b="y"</c> (no braces), sorted by label name. Tags with a null or empty value (or name) are left out:
    /// Prometheus treats an empty label as an absent one. Tags whose names collide once sanitised
    /// (<c>http.route</c> and <c>http_route</c>) share one label with their values joined by <c>;</c>, as the
    /// OpenTelemetry compatibility spec says, because a label may appear only once.
    /// </summary>
    public static string Format(TagSet tags)
    {
        if (tags.Tags.Length == 0)
        {
            return "";
        }
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // In order of the original names, so colliding values join in the same order whichever order they came in.
        foreach (var (key, value) in tags.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var text = FormatValue(value);
            if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(key))
            {
                continue;
            }
            var name = PrometheusNaming.SanitizeLabelName(key);
            labels[name] = labels.TryGetValue(name, out var existing) ? existing + ";" + text : text;
        }
        var builder = new StringBuilder();
        foreach (var (name, text) in labels)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }
            builder.Append(name).Append("=\"");
            AppendEscaped(builder, text, escapeQuote: true);
            builder.Append('"');
        }
        return builder.ToString();
    }

    /// <summary>Invariant culture, and lower-case booleans as OpenTelemetry renders them.</summary>
    public static string? FormatValue(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// Escapes <c>\</c> and line feeds, and <c>"</c> where the format asks for it (label values in both formats,
    /// HELP text in OpenMetrics only; the 0.0.4 text format leaves quotes in HELP alone).
    /// </summary>
    public static void AppendEscaped(StringBuilder builder, string text, bool escapeQuote)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '"' when escapeQuote:
                    builder.Append("\\\"");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
