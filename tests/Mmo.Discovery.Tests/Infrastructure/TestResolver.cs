namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>An in-memory <see cref="IServiceResolver"/> for one service whose endpoints the test sets.</summary>
internal sealed class TestResolver : IServiceResolver
{
    private readonly Lock _lock = new();
    private readonly List<Action<IReadOnlyList<ServiceEndpoint>>> _subscribers = [];
    private IReadOnlyList<ServiceEndpoint>? _current;
    private int _refreshes;

    public int Refreshes => Volatile.Read(ref _refreshes);

    public void Set(params Uri[] addresses)
    {
        IReadOnlyList<ServiceEndpoint> endpoints = [.. addresses.Select(a => new ServiceEndpoint(a))];
        Action<IReadOnlyList<ServiceEndpoint>>[] subscribers;
        lock (_lock)
        {
            _current = endpoints;
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers)
        {
            subscriber(endpoints);
        }
    }

    public ValueTask<IReadOnlyList<ServiceEndpoint>> ResolveAsync(string serviceName, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_current ?? []);

    public IDisposable Watch(string serviceName, Action<IReadOnlyList<ServiceEndpoint>> onChanged)
    {
        lock (_lock)
        {
            _subscribers.Add(onChanged);
            if (_current is not null)
            {
                onChanged(_current);
            }
        }
        return new Unsubscriber(this, onChanged);
    }

    public void Refresh(string serviceName) => Interlocked.Increment(ref _refreshes);

    private sealed class Unsubscriber(TestResolver resolver, Action<IReadOnlyList<ServiceEndpoint>> onChanged) : IDisposable
    {
        public void Dispose()
        {
            lock (resolver._lock)
            {
                resolver._subscribers.Remove(onChanged);
            }
        }
    }
}
