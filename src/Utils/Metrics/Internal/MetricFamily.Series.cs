using System.Collections.Concurrent;
using System.Text;

namespace Mmo.Metrics.Internal;

/// <summary>
/// The series table. Finding an existing series is a lock-free dictionary read keyed by the measurement's own tag
/// span; only a new tag set takes the lock, to enforce the series limit and render the labels once.
/// </summary>
internal abstract partial class MetricFamily
{
    private static readonly Comparison<Series> LabelOrder = (a, b) => a.Labels.AsSpan().SequenceCompareTo(b.Labels);

    private readonly ConcurrentDictionary<TagSet, Series> _byTags = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, Series>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly int _maxSeries;
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private readonly Dictionary<string, Series> _byLabels = new(StringComparer.Ordinal);
    private readonly List<Series> _series = [];
    private Series[] _snapshot = [];
    private bool _snapshotStale;

    private Series? _untagged;
    private int _keyCount;
    private long _dropped;
    private int _limitReported;
    private long _generation;

    /// <summary>Measurements dropped because their tag set would have passed the series limit.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The collection in progress, stamped on every series an observable instrument reports.</summary>
    protected long Generation => Volatile.Read(ref _generation);

    /// <summary>The series for these tags, created if new; null when the series limit drops it.</summary>
    protected Series? GetOrAddSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Volatile.Read(ref _untagged) ?? AddSeries(tags);
        }
        return _lookup.TryGetValue(tags, out var series) ? series : AddSeries(tags);
    }

    /// <summary>Starts a collection of an observable instrument; see <see cref="RemoveStaleSeries"/>.</summary>
    public void BeginCollection(long generation) => Volatile.Write(ref _generation, generation);

    /// <summary>
    /// Drops the series an observable instrument did not report in this collection: a gauge of a thing that is gone
    /// should disappear, not repeat its last value forever (OpenMetrics "Missing Data").
    /// </summary>
    public void RemoveStaleSeries()
    {
        lock (_gate)
        {
            RemoveStaleSeriesLocked();
        }
    }

    protected abstract Series NewSeries(byte[] labels);

    /// <summary>The series sorted by labels, so every scrape lists them in the same order. Rebuilt only after a change.</summary>
    protected Series[] Snapshot()
    {
        lock (_gate)
        {
            if (_snapshotStale)
            {
                var sorted = _series.ToArray();
                Array.Sort(sorted, LabelOrder);
                _snapshot = sorted;
                _snapshotStale = false;
            }
            return _snapshot;
        }
    }

    private void RemoveStaleSeriesLocked()
    {
        for (var i = _series.Count - 1; i >= 0; i--)
        {
            var series = _series[i];
            if (series.Generation == _generation)
            {
                continue;
            }
            foreach (var key in series.Keys)
            {
                if (key.Tags.Length == 0)
                {
                    Volatile.Write(ref _untagged, null);
                }
                else
                {
                    _byTags.TryRemove(key, out _);
                }
            }
            Volatile.Write(ref _keyCount, _keyCount - series.Keys.Count);
            _byLabels.Remove(Encoding.UTF8.GetString(series.Labels));
            _series.RemoveAt(i);
            _snapshotStale = true;
        }
    }

    private Series? AddSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Checked before the lock too: under a label explosion every measurement lands here, and they should not queue.
        if (Volatile.Read(ref _keyCount) >= _maxSeries && !IsObservable)
        {
            return Drop();
        }
        lock (_gate)
        {
            var existing = tags.IsEmpty ? _untagged : _lookup.TryGetValue(tags, out var found) ? found : null;
            if (existing is not null)
            {
                return existing;
            }
            if (_keyCount >= _maxSeries && IsObservable)
            {
                // An observable's tag sets can change between scrapes; those it stopped reporting make room first.
                RemoveStaleSeriesLocked();
            }
            if (_keyCount >= _maxSeries)
            {
                return Drop();
            }
            var key = TagSet.Create(tags);
            var labels = LabelFormatter.Format(key);
            // Different tags can render the same labels (an int 5 and a long 5, or a null-valued tag): one series, not a duplicate line.
            if (!_byLabels.TryGetValue(labels, out var series))
            {
                series = NewSeries(Encoding.UTF8.GetBytes(labels));
                _byLabels.Add(labels, series);
                _series.Add(series);
                _snapshotStale = true;
            }
            series.Keys.Add(key);
            series.Generation = _generation;
            if (tags.IsEmpty)
            {
                Volatile.Write(ref _untagged, series);
            }
            else
            {
                _byTags.TryAdd(key, series);
            }
            Volatile.Write(ref _keyCount, _keyCount + 1);
            return series;
        }
    }

    private Series? Drop()
    {
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _limitReported, 1) == 0)
        {
            ReportSeriesLimit();
        }
        return null;
    }
}
