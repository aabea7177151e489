using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;

namespace Mmo.Metrics.Tests.Infrastructure;

/// <summary>
/// A meter with a name no other test uses and a collector that listens to it alone, so tests running in parallel
/// (each a MeterListener over the whole process) never see each other's instruments.
/// </summary>
internal sealed class IsolatedMeter : IDisposable
{
    public IsolatedMeter(Action<MetricsOptions>? configure = null)
    {
        MeterName = "Mmo.Tests." + Guid.NewGuid().ToString("N");
        Meter = new Meter(MeterName);
        var options = new MetricsOptions { IncludeDefaultMeters = false, Meters = { MeterName } };
        configure?.Invoke(options);
        Collector = new MetricsCollector(options);
        Collector.Start();
    }

    public string MeterName { get; }

    public Meter Meter { get; }

    public MetricsCollector Collector { get; }

    public string Scrape(ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        // A small initial buffer makes the renderer ask for more space many times, which is part of what is tested.
        var output = new ArrayBufferWriter<byte>(16);
        Collector.Scrape(output, format);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The sample lines (no comments) of a scrape.</summary>
    public string[] Samples(ExpositionFormat format = ExpositionFormat.PrometheusText) =>
        [.. Scrape(format).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'))];

    public void Dispose()
    {
        Collector.Dispose();
        Meter.Dispose();
    }
}
