using Microsoft.Extensions.Logging;

namespace Mmo.Metrics.Diagnostics;

/// <summary>The exporter's log messages.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(1, LogLevel.Information, "Exporting metrics from meters {Meters}")]
    public static partial void Started(ILogger logger, string meters);

    [LoggerMessage(2, LogLevel.Debug, "Collecting instrument {Instrument} of meter {Meter} as {Metric}")]
    public static partial void InstrumentCollected(ILogger logger, string instrument, string meter, string metric);

    [LoggerMessage(3, LogLevel.Warning, "Instrument {Instrument} of meter {Meter} is not exported: its Prometheus name {Metric} is already used by an instrument of another type or bucket layout (or by the exporter itself). Rename one of them.")]
    public static partial void NameConflict(ILogger logger, string instrument, string meter, string metric);

    [LoggerMessage(4, LogLevel.Warning, "Instrument {Instrument} ({Metric}) reached {Limit} series; measurements with new tag sets are dropped and counted in mmo_metrics_series_dropped_total. Remove the unbounded tag or raise Metrics:MaxSeriesPerInstrument.")]
    public static partial void SeriesLimitReached(ILogger logger, string instrument, string metric, int limit);

    [LoggerMessage(5, LogLevel.Error, "An observable instrument's callback failed during a scrape; its series are missing from this scrape")]
    public static partial void ObservableCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Debug, "Instrument {Instrument} of meter {Meter} has a type the exporter does not know ({Type}); it is not exported")]
    public static partial void UnsupportedInstrument(ILogger logger, string instrument, string meter, string type);
}
