using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Grpc.Client;

namespace Mmo.Discovery.Balancing;

/// <summary>
/// Hands out one shared <see cref="BalancingCallInvoker"/> per service name, whose channels use the
/// <see cref="GrpcChannelOptions"/> configured under that name (<c>services.Configure&lt;GrpcChannelOptions&gt;("auth", …)</c>
/// or <see cref="GrpcServiceClientBuilderExtensions.ConfigureChannel"/>). Disposing it disposes the invokers.
/// </summary>
public sealed class BalancingCallInvokerFactory : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<BalancingCallInvoker>> _invokers = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceResolver _resolver;
    private readonly BalancingOptions _options;
    private readonly IOptionsFactory<GrpcChannelOptions> _channelOptions;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private volatile bool _disposed;

    public BalancingCallInvokerFactory(IServiceResolver resolver, IOptions<BalancingOptions> options, IOptionsFactory<GrpcChannelOptions> channelOptions, ILoggerFactory loggers, TimeProvider time)
    {
        _resolver = resolver;
        _options = options.Value;
        _channelOptions = channelOptions;
        _loggers = loggers;
        _time = time;
    }

    /// <summary>The invoker of <paramref name="serviceName"/>, created on first use; resolution starts then.</summary>
    public BalancingCallInvoker GetInvoker(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _invokers.GetOrAdd(serviceName, name => new Lazy<BalancingCallInvoker>(() => Create(name))).Value;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var invoker in _invokers.Values)
        {
            if (invoker.IsValueCreated)
            {
                invoker.Value.Dispose();
            }
        }
    }

    private BalancingCallInvoker Create(string serviceName) => new(
        serviceName,
        _resolver,
        _options,
        // A fresh options object per channel: configure actions may give each channel its own handler.
        endpoint => GrpcChannel.ForAddress(endpoint.Address, _channelOptions.Create(serviceName)),
        _time,
        _loggers.CreateLogger<BalancingCallInvoker>());
}
