using System.Text;
using Microsoft.Extensions.Logging;
using Mmo.Metrics.Diagnostics;

namespace Mmo.Metrics.Internal;

/// <summary>
/// What one exported metric name holds: its metadata, pre-rendered header lines, and its series
/// (<see cref="MetricFamily"/>.Series.cs). Instruments that export under the same name and type share one family.
/// </summary>
internal abstract partial class MetricFamily
{
    private readonly byte[] _textHeader;
    private readonly byte[] _openMetricsHeader;
    private readonly ILogger _logger;

    protected MetricFamily(InstrumentDescription instrument, MetricKind kind, bool observable, int maxSeries, ILogger logger)
    {
        InstrumentName = instrument.Name;
        Kind = kind;
        IsObservable = observable;
        Name = PrometheusNaming.MetricBaseName(instrument.Name, instrument.Unit, kind, out var unitSuffix);
        NameUtf8 = Utf8(Name);
        UnitSuffix = unitSuffix;
        // promtool flags a family without HELP, so say at least where the metric comes from.
        var help = string.IsNullOrWhiteSpace(instrument.Description)
            ? $"{instrument.Name} from meter {instrument.MeterName}"
            : instrument.Description;
        _textHeader = Header(ExpositionFormat.PrometheusText, help);
        _openMetricsHeader = Header(ExpositionFormat.OpenMetrics, help);
        _maxSeries = maxSeries;
        _logger = logger;
        _lookup = _byTags.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    /// <summary>The exported name without <c>_total</c> (the OpenMetrics family name).</summary>
    public string Name { get; }

    public byte[] NameUtf8 { get; }

    /// <summary>The dotted name of the first instrument that created the family.</summary>
    public string InstrumentName { get; }

    public MetricKind Kind { get; }

    /// <summary>Observable instruments report at scrape time; their series live only as long as they keep reporting.</summary>
    public bool IsObservable { get; }

    /// <summary>The unit part of <see cref="Name"/> (<c>seconds</c>), empty if none; the OpenMetrics UNIT line.</summary>
    public string UnitSuffix { get; }

    /// <summary>Adds one measurement. Runs on the instrument's caller's thread: no locks unless the series is new.</summary>
    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Whether another instrument can feed this family: same kind and aggregation, so the numbers still mean one thing.</summary>
    public abstract bool CanShareWith(MetricFamily other);

    public void Render(ref ExpositionWriter writer, ExpositionFormat format)
    {
        writer.Write(format == ExpositionFormat.OpenMetrics ? _openMetricsHeader : _textHeader);
        RenderSamples(ref writer, Snapshot());
    }

    protected abstract void RenderSamples(ref ExpositionWriter writer, Series[] series);

    /// <summary>Writes <c>name{labels}</c> or <c>name{labels,extra}</c>, the start of a sample line.</summary>
    protected static void WriteSampleName(ref ExpositionWriter writer, byte[] name, byte[] labels, byte[]? extraLabel = null)
    {
        writer.Write(name);
        if (labels.Length == 0 && extraLabel is null)
        {
            return;
        }
        writer.Write((byte)'{');
        writer.Write(labels);
        if (extraLabel is not null)
        {
            if (labels.Length > 0)
            {
                writer.Write((byte)',');
            }
            writer.Write(extraLabel);
        }
        writer.Write((byte)'}');
    }

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private byte[] Header(ExpositionFormat format, string help)
    {
        var type = Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Gauge => "gauge",
            _ => "histogram",
        };
        var builder = new StringBuilder();
        if (format == ExpositionFormat.OpenMetrics)
        {
            // OpenMetrics: the family name has no _total, metadata in the order TYPE, UNIT, HELP; HELP escapes quotes too.
            builder.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            if (UnitSuffix.Length > 0)
            {
                builder.Append("# UNIT ").Append(Name).Append(' ').Append(UnitSuffix).Append('\n');
            }
            builder.Append("# HELP ").Append(Name).Append(' ');
            LabelFormatter.AppendEscaped(builder, help, escapeQuote: true);
            builder.Append('\n');
        }
        else
        {
            // 0.0.4: a counter's family is named as its sample, x_total.
            var family = Kind == MetricKind.Counter ? Name + "_total" : Name;
            builder.Append("# HELP ").Append(family).Append(' ');
            LabelFormatter.AppendEscaped(builder, help, escapeQuote: false);
            builder.Append('\n');
            builder.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
        }
        return Utf8(builder.ToString());
    }

    private void ReportSeriesLimit() => MetricsLog.SeriesLimitReached(_logger, InstrumentName, Name, _maxSeries);
}
