using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>One measurement of a counter, with its tags.</summary>
internal sealed record RecordedMeasurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);

/// <summary>
/// Records the Mmo.Resilience counters created by one service provider's meter factory, so tests running in
/// parallel never see each other's measurements.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();
    private readonly Lock _lock = new();
    private readonly List<(string Instrument, long Sum, TaskCompletionSource Reached)> _waiters = [];

    public MetricRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Mmo.Resilience" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagMap = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                tagMap[tag.Key] = tag.Value?.ToString();
            }
            _measurements.Enqueue(new RecordedMeasurement(instrument.Name, value, tagMap));
            lock (_lock)
            {
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Instrument == instrument.Name && Sum(instrument.Name) >= _waiters[i].Sum)
                    {
                        _waiters[i].Reached.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public long Sum(string instrument) => Of(instrument).Sum(m => m.Value);

    /// <summary>Completes once the counter's measurements add up to <paramref name="sum"/>.</summary>
    public Task WaitForAsync(string instrument, long sum)
    {
        lock (_lock)
        {
            if (Sum(instrument) >= sum)
            {
                return Task.CompletedTask;
            }
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((instrument, sum, reached));
            return reached.Task;
        }
    }

    public void Clear() => _measurements.Clear();

    public void Dispose() => _listener.Dispose();
}
