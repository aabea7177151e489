using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mmo.Discovery.Balancing;
using Mmo.Testing.V1;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>
/// A generic host as a calling service would have it: configuration (replaceable at run time), <c>AddDiscovery</c> and
/// a typed <see cref="Interop.InteropClient"/> for service "auth", logs captured.
/// </summary>
internal sealed class ClientHost : IAsyncDisposable
{
    public const string ServiceName = "auth";

    private readonly IHost _host;
    private readonly MutableConfigurationSource _configuration;

    private ClientHost(IHost host, MutableConfigurationSource configuration, TestLogs logs)
    {
        _host = host;
        _configuration = configuration;
        Logs = logs;
    }

    public TestLogs Logs { get; }

    public IServiceProvider Services => _host.Services;

    public Interop.InteropClient Client => _host.Services.GetRequiredService<Interop.InteropClient>();

    public BalancingCallInvoker Invoker => _host.Services.GetRequiredService<BalancingCallInvokerFactory>().GetInvoker(ServiceName);

    public static async Task<ClientHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var host = Build(settings, configure, out var configuration, out var logs);
        await host.StartAsync().DefaultTimeout();
        return new ClientHost(host, configuration, logs);
    }

    /// <summary>Builds the host without starting it, for tests of start-up validation.</summary>
    public static IHost Build(IDictionary<string, string?> settings, Action<IServiceCollection>? configure, out MutableConfigurationSource configuration, out TestLogs logs)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configuration = new MutableConfigurationSource();
        configuration.Provider.Replace(settings);
        builder.Configuration.Sources.Add(configuration);
        logs = new TestLogs();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddGrpcServiceClient<Interop.InteropClient>(ServiceName);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Replaces the whole configuration, as an edited appsettings file would.</summary>
    public void Reconfigure(IDictionary<string, string?> settings) => _configuration.Provider.Replace(settings);

    /// <summary>A unary call with a deadline; returns the name of the replica that answered.</summary>
    public async Task<string> CallAsync(SimpleRequest? request = null)
    {
        var response = await Client.UnaryCallAsync(request ?? new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync.DefaultTimeout();
        return ReplicaService.NameOf(response);
    }

    /// <summary>Makes <paramref name="count"/> unary calls, <paramref name="parallel"/> at a time; returns the calls per replica.</summary>
    public async Task<Dictionary<string, int>> CallManyAsync(int count, int parallel = 10)
    {
        var counts = new Dictionary<string, int>();
        for (var done = 0; done < count; done += parallel)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(parallel, count - done)).Select(_ => CallAsync()));
            foreach (var name in batch)
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().DefaultTimeout();
        _host.Dispose();
    }
}
