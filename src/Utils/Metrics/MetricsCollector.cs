using System.Buffers;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmo.Metrics.Diagnostics;
using Mmo.Metrics.Internal;

namespace Mmo.Metrics;

/// <summary>
/// Listens to the configured meters and keeps, per instrument and distinct tag set, the aggregate Prometheus
/// needs (a sum, a last value or histogram buckets); <see cref="Scrape"/> renders them.
/// </summary>
/// <remarks>
/// Threading: measurements arrive on whatever thread records them and go straight into their series with atomic
/// operations (<see cref="MetricFamily"/>); only a new tag set takes a per-instrument lock. Scrapes may run
/// concurrently: collecting the observable instruments is serialised, rendering reads the series without locks.
/// </remarks>
public sealed partial class MetricsCollector : IDisposable
{
    private readonly MetricsOptions _options;
    private readonly MeterFilter _filter;
    private readonly IMeterFactory? _scope;
    private readonly ILogger _logger;
    private readonly MeterListener _listener = new();
    private readonly Lock _collectGate = new();
    private long _generation;
    private int _started;
    private int _disposed;
    private int _scrapeSizeHint = 16 * 1024;

    /// <param name="options">What to collect; read once, here.</param>
    /// <param name="meterFactory">
    /// The host's meter factory. A <see cref="MeterListener"/> sees every meter in the process, so with it the
    /// collector takes only meters made by this factory (or by none, like <c>System.Runtime</c>): two hosts in
    /// one process (tests) then do not export each other's Kestrel metrics. Null takes meters of any factory.
    /// </param>
    /// <param name="logger">Where limit and naming problems are reported.</param>
    public MetricsCollector(MetricsOptions options, IMeterFactory? meterFactory = null, ILogger<MetricsCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _filter = new MeterFilter(options.EffectiveMeters());
        _scope = meterFactory;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _listener.InstrumentPublished = OnInstrumentPublished;
        SetMeasurementCallbacks(_listener);
    }

    /// <summary>
    /// Subscribes to the meters. Measurements made before this are not seen, so the host starts it before it
    /// serves anything; calling it again does nothing.
    /// </summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _listener.Start();
            MetricsLog.Started(_logger, string.Join(", ", _options.EffectiveMeters()));
        }
    }

    /// <summary>
    /// Polls the observable instruments, then writes every metric in <paramref name="format"/> to
    /// <paramref name="output"/>, ordered by name and then by labels so consecutive scrapes line up.
    /// </summary>
    public void Scrape(IBufferWriter<byte> output, ExpositionFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        Start();
        Collect();
        Render(output, format);
    }

    /// <summary>The size of the last scrape in bytes, to size the next buffer without regrowing it.</summary>
    internal int ScrapeSizeHint => Volatile.Read(ref _scrapeSizeHint);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _listener.Dispose();
        }
    }

    /// <summary>Runs the observable instruments' callbacks, then forgets the series they no longer report.</summary>
    internal void Collect()
    {
        lock (_collectGate)
        {
            var generation = ++_generation;
            var families = Families;
            foreach (var family in families)
            {
                if (family.IsObservable)
                {
                    family.BeginCollection(generation);
                }
            }
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException ex)
            {
                // The listener runs every callback and then throws what failed: the others did report, so keep serving.
                MetricsLog.ObservableCallbackFailed(_logger, ex);
            }
            foreach (var family in families)
            {
                if (family.IsObservable)
                {
                    family.RemoveStaleSeries();
                }
            }
        }
    }

    internal void Render(IBufferWriter<byte> output, ExpositionFormat format)
    {
        var counting = output as PooledBufferWriter;
        var before = counting?.WrittenCount ?? 0;
        var writer = new ExpositionWriter(output);
        var families = Families;
        foreach (var family in families)
        {
            family.Render(ref writer, format);
        }
        RenderDropped(ref writer, families, format);
        if (format == ExpositionFormat.OpenMetrics)
        {
            writer.Write("# EOF\n"u8);
        }
        writer.Flush();
        if (counting is not null)
        {
            Volatile.Write(ref _scrapeSizeHint, counting.WrittenCount - before);
        }
    }
}
