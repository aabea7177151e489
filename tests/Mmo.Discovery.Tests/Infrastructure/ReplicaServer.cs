using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Server;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>
/// One replica: a real Kestrel server (HTTP/2 only) on a given loopback address and port, serving
/// <see cref="ReplicaService"/> and grpc.health.v1. Linux routes all of 127.0.0.0/8 to lo, so 127.0.0.2, .3 and .4
/// can listen on the same port like pods behind a headless Service. It can be stopped and started again on the
/// same address and port.
/// </summary>
internal sealed class ReplicaServer : IAsyncDisposable
{
    private WebApplication? _app;

    private ReplicaServer(IPAddress address, int port, string name)
    {
        IPAddress = address;
        Port = port;
        Identity = new ReplicaIdentity(name);
    }

    public IPAddress IPAddress { get; }

    public int Port { get; private set; }

    public ReplicaIdentity Identity { get; }

    public string Name => Identity.Name;

    public Uri Address => new($"http://{IPAddress}:{Port}");

    public bool IsRunning => _app is not null;

    /// <summary>
    /// Configuration of the replica's host from its next start on; when set, the host also runs <c>AddDiscovery()</c>,
    /// so that in mode Consul it registers itself like a real service.
    /// </summary>
    public IDictionary<string, string?>? Settings { get; set; }

    /// <summary>The running host's services (e.g. its health registry).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException($"{Name} is not running.");

    /// <summary>Starts a replica; port 0 picks a free one.</summary>
    public static async Task<ReplicaServer> StartAsync(IPAddress address, int port, string name)
    {
        var replica = new ReplicaServer(address, port, name);
        await replica.StartAsync();
        return replica;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress, Port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(Identity);
        builder.Services.AddGrpc();
        if (Settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(Settings);
            builder.Services.AddDiscovery();
        }
        var app = builder.Build();
        app.MapGrpcService<ReplicaService>();
        app.MapGrpcHealthChecks();
        try
        {
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        if (Port == 0)
        {
            Port = new Uri(app.Urls.First()).Port;
        }
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync().DefaultTimeout();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>
    /// Starts <paramref name="count"/> replicas on 127.0.0.2, .3, … all on one port (the first one's free port;
    /// tried again with another port if a later address has it taken).
    /// </summary>
    public static async Task<ReplicaServer[]> StartSetAsync(int count)
    {
        for (var attempt = 0; ; attempt++)
        {
            var replicas = new List<ReplicaServer>();
            try
            {
                replicas.Add(await StartAsync(IPAddress.Parse("127.0.0.2"), 0, "replica-1"));
                for (var i = 1; i < count; i++)
                {
                    replicas.Add(await StartAsync(IPAddress.Parse($"127.0.0.{i + 2}"), replicas[0].Port, $"replica-{i + 1}"));
                }
                return [.. replicas];
            }
            catch (IOException) when (attempt < 5) // Kestrel: "Failed to bind to address … address already in use".
            {
                foreach (var replica in replicas)
                {
                    await replica.DisposeAsync();
                }
            }
        }
    }
}
