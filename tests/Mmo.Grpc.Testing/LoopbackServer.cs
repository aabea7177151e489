using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Server;

namespace Mmo.Grpc.Testing;

/// <summary>A real Kestrel server on 127.0.0.1 (an ephemeral port, HTTP/2 only) serving the interop service and health.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    // A handler that never ends must not hold a test run for the host's default 30 s.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private int _stopped;

    private LoopbackServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server with <see cref="InteropService"/> and grpc.health.v1.</summary>
    public static Task<LoopbackServer> StartAsync(Action<GrpcServiceOptions>? configureGrpc = null, Action<WebApplication>? map = null, ILoggerProvider? logs = null) =>
        StartAsync<InteropService>(configureGrpc, map, logs);

    /// <summary>
    /// Starts a server with <typeparamref name="TService"/> (any generated service base's subclass, e.g. a test's own
    /// implementation of Interop) and grpc.health.v1. <paramref name="configureServices"/> registers what the service needs.
    /// </summary>
    public static async Task<LoopbackServer> StartAsync<TService>(Action<GrpcServiceOptions>? configureGrpc = null, Action<WebApplication>? map = null, ILoggerProvider? logs = null, Action<IServiceCollection>? configureServices = null)
        where TService : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddGrpc(configureGrpc);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<TService>();
        app.MapGrpcHealthChecks();
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address));
    }

    /// <summary>Stops the server gracefully; in-flight calls see the host stopping. Disposing after it is fine.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
