using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmo.Discovery.Diagnostics;
using Mmo.Grpc.Client;

namespace Mmo.Discovery.Balancing;

/// <summary>
/// A <see cref="CallInvoker"/> for a logical service ("auth") that spreads calls over the endpoints an
/// <see cref="IServiceResolver"/> finds: one <see cref="GrpcChannel"/> per endpoint, created and disposed as the
/// set changes; each call, of any kind, picks its endpoint when it starts, round robin over the endpoints whose
/// circuit lets it (see <see cref="BalancingOptions"/>). When none does, the call fails with UNAVAILABLE and the
/// resolver is asked to resolve again. A unary call that could not connect is retried on another endpoint,
/// since nothing was sent; streaming calls are not, as their messages may already be written.
/// Thread-safe; one per service name is meant to be shared (see <see cref="BalancingCallInvokerFactory"/>).
/// </summary>
public sealed partial class BalancingCallInvoker : CallInvoker, IDisposable
{
    private readonly IServiceResolver _resolver;
    private readonly BalancingOptions _options;
    private readonly Func<ServiceEndpoint, GrpcChannel> _channelFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _resolved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _watch;
    private Endpoint[] _endpoints = [];
    private uint _next;
    private bool _disposed;

    /// <param name="serviceName">The logical service the calls go to.</param>
    /// <param name="resolver">Where its endpoints come from.</param>
    /// <param name="options">Breaker and drain settings; default <see cref="BalancingOptions"/>'s defaults.</param>
    /// <param name="channelFactory">Makes the channel of an endpoint; default <see cref="GrpcChannel.ForAddress(Uri, GrpcChannelOptions?)"/> with default options.</param>
    /// <param name="timeProvider">Clock of breaks and drains; default the system clock.</param>
    /// <param name="logger">Default none.</param>
    public BalancingCallInvoker(
        string serviceName,
        IServiceResolver resolver,
        BalancingOptions? options = null,
        Func<ServiceEndpoint, GrpcChannel>? channelFactory = null,
        TimeProvider? timeProvider = null,
        ILogger<BalancingCallInvoker>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentNullException.ThrowIfNull(resolver);
        ServiceName = serviceName;
        _resolver = resolver;
        _options = options ?? new BalancingOptions();
        _channelFactory = channelFactory ?? (endpoint => GrpcChannel.ForAddress(endpoint.Address));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        // Last: a resolver that knows the endpoints already calls back before Watch returns.
        _watch = resolver.Watch(serviceName, OnEndpointsChanged);
    }

    /// <summary>The logical service this invoker calls.</summary>
    public string ServiceName { get; }

    /// <summary>The current endpoints with their circuit state and calls in flight.</summary>
    public IReadOnlyList<EndpointStatus> GetEndpoints() =>
        [.. Volatile.Read(ref _endpoints).Select(e => new EndpointStatus(e.Address, e.Health.Snapshot().State, e.InFlight))];

    /// <summary>Completes once the resolver has answered for this service (possibly with no endpoints).</summary>
    public Task WaitForEndpointsAsync(CancellationToken cancellationToken) => _resolved.Task.WaitAsync(cancellationToken);

    /// <summary>Stops following the resolver and disposes every channel; calls still running end with CANCELLED.</summary>
    public void Dispose()
    {
        Endpoint[] endpoints;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            endpoints = _endpoints;
            _endpoints = [];
        }
        _watch.Dispose();
        foreach (var endpoint in endpoints)
        {
            endpoint.Close();
        }
    }

    private void OnEndpointsChanged(IReadOnlyList<ServiceEndpoint> addresses)
    {
        List<Endpoint> removed;
        Endpoint[] next;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            var current = _endpoints.ToDictionary(e => e.Address);
            next = [.. addresses.Distinct().Select(address => current.Remove(address, out var kept) ? kept : CreateEndpoint(address))];
            removed = [.. current.Values];
            Volatile.Write(ref _endpoints, next);
        }
        _resolved.TrySetResult();
        DiscoveryLog.BalancerEndpoints(_logger, ServiceName, next.Length, string.Join(", ", next.Select(e => e.Address)));
        foreach (var endpoint in removed)
        {
            DiscoveryLog.EndpointRetired(_logger, ServiceName, endpoint.Address, endpoint.InFlight);
            endpoint.Retire(TimeSpan.FromSeconds(_options.DrainSeconds), _time);
        }
    }

    private Endpoint CreateEndpoint(ServiceEndpoint address) =>
        new(address, _channelFactory(address), new EndpointHealth(_options, _time));

    /// <summary>
    /// Picks the next endpoint round robin whose circuit lets a call through, and counts the call on it. Null when
    /// none can take it; <paramref name="failure"/> then says why.
    /// </summary>
    internal Endpoint? TryPick(IReadOnlyCollection<Endpoint>? exclude, out bool trial, out string failure)
    {
        var endpoints = Volatile.Read(ref _endpoints);
        trial = false;
        failure = "";
        if (endpoints.Length == 0)
        {
            failure = !_resolved.Task.IsCompleted
                ? $"No endpoint of service '{ServiceName}' is known yet: discovery has not answered."
                : $"Service '{ServiceName}' has no endpoints: discovery found none (see Discovery:Mode and the settings for '{ServiceName}').";
            return null;
        }
        var start = Interlocked.Increment(ref _next);
        for (var i = 0u; i < endpoints.Length; i++)
        {
            var endpoint = endpoints[(int)((start + i) % (uint)endpoints.Length)];
            if (exclude?.Contains(endpoint) == true || !endpoint.Health.TryAcquire(out trial))
            {
                continue;
            }
            if (endpoint.TryAddCall())
            {
                if (i > 0)
                {
                    // Skipped endpoints' turns go to the ones after the pick, not all to the pick's neighbour.
                    Interlocked.Add(ref _next, i);
                }
                return endpoint;
            }
            endpoint.Health.OnIgnored(trial); // Retired meanwhile.
        }
        trial = false;
        _resolver.Refresh(ServiceName);
        failure = DescribeUnavailable(endpoints, exclude);
        return null;
    }

    /// <summary>Feeds a call's final status to its endpoint's breaker and lets the endpoint go.</summary>
    internal void Complete(Endpoint endpoint, bool trial, Status status)
    {
        var outcome = CallOutcomes.Classify(status);
        switch (outcome)
        {
            case CallOutcome.Answered:
                if (endpoint.Health.OnSuccess(trial))
                {
                    DiscoveryLog.CircuitClosed(_logger, ServiceName, endpoint.Address);
                }
                break;
            case CallOutcome.Ignored:
                endpoint.Health.OnIgnored(trial);
                break;
            default:
                var transport = outcome is CallOutcome.TransportFailed or CallOutcome.NotSent;
                if (endpoint.Health.OnFailure(trial, transport) is { } breakTime)
                {
                    DiscoveryLog.CircuitOpened(_logger, ServiceName, endpoint.Address, status.StatusCode, status.Detail, breakTime.TotalMilliseconds);
                }
                if (transport)
                {
                    // The replica may be gone for good (a pod deleted): the next resolution can tell.
                    _resolver.Refresh(ServiceName);
                }
                break;
        }
        endpoint.ReleaseCall();
    }

    /// <summary>Lets the endpoint go without judging it (the call was disposed or never started).</summary>
    internal static void Abandon(Endpoint endpoint, bool trial)
    {
        endpoint.Health.OnIgnored(trial);
        endpoint.ReleaseCall();
    }

    private string DescribeUnavailable(Endpoint[] endpoints, IReadOnlyCollection<Endpoint>? exclude)
    {
        var states = endpoints.Select(e =>
        {
            if (exclude?.Contains(e) == true)
            {
                return $"{e.Address} (failed this call)";
            }
            var (state, remaining) = e.Health.Snapshot();
            return state == CircuitState.Open
                ? string.Create(CultureInfo.InvariantCulture, $"{e.Address} (circuit open, next try in {remaining.TotalSeconds:0.0} s)")
                : $"{e.Address} (trial call in flight)";
        });
        return $"All {endpoints.Length} endpoints of service '{ServiceName}' are failing: {string.Join(", ", states)}. Discovery was asked to resolve again.";
    }
}
