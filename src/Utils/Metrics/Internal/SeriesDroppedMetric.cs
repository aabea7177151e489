namespace Mmo.Metrics.Internal;

/// <summary>
/// <c>mmo_metrics_series_dropped_total{metric="..."}</c>: measurements each family dropped at its series limit.
/// Always declared, so a dashboard or alert can rely on the name; a sample only for families that dropped something.
/// </summary>
internal static class SeriesDroppedMetric
{
    public const string BaseName = "mmo_metrics_series_dropped";

    private const string Help = "Measurements dropped because their instrument already had Metrics:MaxSeriesPerInstrument distinct tag sets.";

    private static readonly byte[] TextHeader = System.Text.Encoding.UTF8.GetBytes(
        $"# HELP {BaseName}_total {Help}\n# TYPE {BaseName}_total counter\n");

    private static readonly byte[] OpenMetricsHeader = System.Text.Encoding.UTF8.GetBytes(
        $"# TYPE {BaseName} counter\n# HELP {BaseName} {Help}\n");

    public static void Render(ref ExpositionWriter writer, MetricFamily[] families, ExpositionFormat format)
    {
        writer.Write(format == ExpositionFormat.OpenMetrics ? OpenMetricsHeader : TextHeader);
        foreach (var family in families)
        {
            var dropped = family.Dropped;
            if (dropped == 0)
            {
                continue;
            }
            writer.Write("mmo_metrics_series_dropped_total{metric=\""u8);
            // Family names are sanitised to [a-zA-Z0-9_], so they need no escaping as a label value.
            writer.Write(family.NameUtf8);
            writer.Write("\"} "u8);
            writer.Write(dropped);
            writer.Write((byte)'\n');
        }
    }
}
