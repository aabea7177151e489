using System.Threading.Channels;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.Grpc.Server.Health;

/// <summary>
/// The serving status of the server ("") and of each named service, as grpc.health.v1 reports it.
/// The host changes statuses (readiness, shutdown); watchers are told of every change.
/// </summary>
public sealed class HealthStatusRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly Dictionary<string, List<ChannelWriter<ServingStatus>>> _watchers = new(StringComparer.Ordinal);

    /// <summary>The status of a service, or null when it is unknown.</summary>
    public ServingStatus? GetStatus(string service)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    /// <summary>Sets a service's status ("" for the whole server) and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            SetStatusLocked(service, status);
        }
    }

    /// <summary>Sets every known service, and the server, to one status (e.g. NOT_SERVING when draining).</summary>
    public void SetAllStatuses(ServingStatus status)
    {
        lock (_lock)
        {
            foreach (var service in _statuses.Keys.ToList())
            {
                SetStatusLocked(service, status);
            }
        }
    }

    private void SetStatusLocked(string service, ServingStatus status)
    {
        _statuses[service] = status;
        if (_watchers.TryGetValue(service, out var writers))
        {
            foreach (var writer in writers)
            {
                writer.TryWrite(status);
            }
        }
    }

    /// <summary>
    /// Streams a service's status: the current one at once, then each change. A slow watcher
    /// only ever sees the latest status (the channel keeps one), so it cannot grow memory.
    /// </summary>
    public async IAsyncEnumerable<ServingStatus> WatchAsync(string service, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(service, out var status) ? status : ServingStatus.ServiceUnknown);
            if (!_watchers.TryGetValue(service, out var writers))
            {
                _watchers[service] = writers = [];
            }
            writers.Add(channel.Writer);
        }
        try
        {
            await foreach (var status in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return status;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers[service].Remove(channel.Writer);
            }
        }
    }
}
