namespace Mmo.Discovery.Internal;

/// <summary>
/// What a resolver knows of one service name: the current endpoints, who listens, and refresh requests. One
/// loop per watch publishes (Consul, DNS) or configuration callbacks do (static); notifications are delivered in
/// publication order.
/// </summary>
internal sealed class ServiceWatch(string serviceName)
{
    private readonly Lock _state = new();
    private readonly Lock _notify = new();
    private readonly List<Action<IReadOnlyList<ServiceEndpoint>>> _subscribers = [];
    private readonly TaskCompletionSource _firstResult = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _refresh = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<ServiceEndpoint>? _current;
    private int _started;

    public string ServiceName { get; } = serviceName;

    /// <summary>The last published endpoints; null until the first answer.</summary>
    public IReadOnlyList<ServiceEndpoint>? Current => Volatile.Read(ref _current);

    /// <summary>Completes with the first published set.</summary>
    public Task FirstResult => _firstResult.Task;

    /// <summary>The loop that keeps this watch current, awaited when the resolver is disposed.</summary>
    public Task? Loop { get; set; }

    /// <summary>True for the one caller that must start the loop.</summary>
    public bool TryMarkStarted() => Interlocked.Exchange(ref _started, 1) == 0;

    /// <summary>Makes <paramref name="endpoints"/> current and tells the subscribers; false when the set did not change.</summary>
    public bool Publish(IReadOnlyList<ServiceEndpoint> endpoints)
    {
        lock (_notify)
        {
            Action<IReadOnlyList<ServiceEndpoint>>[] subscribers;
            lock (_state)
            {
                if (_current is not null && SameSet(_current, endpoints))
                {
                    return false;
                }
                Volatile.Write(ref _current, endpoints);
                subscribers = [.. _subscribers];
            }
            foreach (var subscriber in subscribers)
            {
                subscriber(endpoints);
            }
        }
        _firstResult.TrySetResult();
        return true;
    }

    public IDisposable Subscribe(Action<IReadOnlyList<ServiceEndpoint>> onChanged)
    {
        lock (_notify)
        {
            IReadOnlyList<ServiceEndpoint>? current;
            lock (_state)
            {
                _subscribers.Add(onChanged);
                current = _current;
            }
            if (current is not null)
            {
                onChanged(current);
            }
        }
        return new Subscription(this, onChanged);
    }

    /// <summary>Cuts the loop's current wait short.</summary>
    public void RequestRefresh() => Volatile.Read(ref _refresh).TrySetResult();

    /// <summary>
    /// Waits <paramref name="delay"/>, or less when a refresh is requested; never less than <paramref name="minimum"/>,
    /// so that callers asking for refreshes in a loop cannot turn the resolver into a busy loop.
    /// </summary>
    public async Task WaitAsync(TimeSpan delay, TimeSpan minimum, TimeProvider time, CancellationToken cancellationToken)
    {
        if (minimum > TimeSpan.Zero)
        {
            await Task.Delay(minimum, time, cancellationToken).ConfigureAwait(false);
        }
        var rest = delay - minimum;
        if (rest <= TimeSpan.Zero)
        {
            return;
        }
        var refresh = Volatile.Read(ref _refresh);
        using (var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var done = await Task.WhenAny(refresh.Task, Task.Delay(rest, time, stopDelay.Token)).ConfigureAwait(false);
            stopDelay.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            if (done != refresh.Task)
            {
                return;
            }
        }
        // The request is used up: the next one needs a new signal.
        Interlocked.CompareExchange(ref _refresh, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), refresh);
    }

    private void Unsubscribe(Action<IReadOnlyList<ServiceEndpoint>> onChanged)
    {
        lock (_state)
        {
            _subscribers.Remove(onChanged);
        }
    }

    private static bool SameSet(IReadOnlyList<ServiceEndpoint> a, IReadOnlyList<ServiceEndpoint> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        var set = new HashSet<ServiceEndpoint>(a);
        return b.All(set.Contains);
    }

    private sealed class Subscription(ServiceWatch watch, Action<IReadOnlyList<ServiceEndpoint>> onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                watch.Unsubscribe(onChanged);
            }
        }
    }
}
