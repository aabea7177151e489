using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Mmo.Discovery.Diagnostics;

namespace Mmo.Discovery.Internal;

/// <summary>
/// Shared machinery of the resolvers: one <see cref="ServiceWatch"/> per service name, started on first use, whose
/// loop (<see cref="RunAsync"/>) keeps it current until the resolver is disposed.
/// </summary>
internal abstract class ServiceResolverBase(ILogger logger, TimeProvider time) : IServiceResolver, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ServiceWatch> _watches = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();

    protected ILogger Logger { get; } = logger;

    protected TimeProvider Time { get; } = time;

    public async ValueTask<IReadOnlyList<ServiceEndpoint>> ResolveAsync(string serviceName, CancellationToken cancellationToken)
    {
        var watch = GetWatch(serviceName);
        if (watch.Current is { } current)
        {
            return current;
        }
        await watch.FirstResult.WaitAsync(cancellationToken).ConfigureAwait(false);
        return watch.Current!;
    }

    public IDisposable Watch(string serviceName, Action<IReadOnlyList<ServiceEndpoint>> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        return GetWatch(serviceName).Subscribe(onChanged);
    }

    public void Refresh(string serviceName)
    {
        if (_watches.TryGetValue(serviceName, out var watch))
        {
            watch.RequestRefresh();
        }
    }

    /// <summary>Keeps <paramref name="watch"/> current until <paramref name="stopping"/> is cancelled.</summary>
    protected abstract Task RunAsync(ServiceWatch watch, CancellationToken stopping);

    public async ValueTask DisposeAsync()
    {
        if (!Stop())
        {
            return;
        }
        await Task.WhenAll(Loops()).WaitAsync(DisposeTimeout).ConfigureAwait(false);
        _stopping.Dispose();
    }

    public void Dispose()
    {
        if (!Stop())
        {
            return;
        }
        // The loops only wait on the cancelled token: they end promptly.
        Task.WhenAll(Loops()).Wait(DisposeTimeout);
        _stopping.Dispose();
    }

    private bool Stop()
    {
        lock (_watches)
        {
            if (_stopping.IsCancellationRequested)
            {
                return false;
            }
            _stopping.Cancel();
            return true;
        }
    }

    private Task[] Loops() => [.. _watches.Values.Select(w => w.Loop).OfType<Task>()];

    private ServiceWatch GetWatch(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var watch = _watches.GetOrAdd(serviceName, static name => new ServiceWatch(name));
        if (watch.TryMarkStarted())
        {
            lock (_watches)
            {
                ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
                watch.Loop = RunGuardedAsync(watch);
            }
        }
        return watch;
    }

    private async Task RunGuardedAsync(ServiceWatch watch)
    {
        try
        {
            await RunAsync(watch, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex)
        {
            // The loops catch per round; reaching here is a bug, and the name stays at its last endpoints.
            DiscoveryLog.WatchFailed(Logger, watch.ServiceName, ex);
        }
    }
}
