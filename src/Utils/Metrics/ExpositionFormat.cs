namespace Mmo.Metrics;

/// <summary>The text formats the exporter renders; the scraper's Accept header picks one.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4: <c>text/plain; version=0.0.4; charset=utf-8</c>. The default.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0: <c>application/openmetrics-text; version=1.0.0; charset=utf-8</c>, what Prometheus asks for first.</summary>
    OpenMetrics,
}
