using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Grpc.Client;
using Mmo.Grpc.Server;
using Mmo.Grpc.Testing;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>
/// A loopback Kestrel server, its logs and a channel to it. Disposing it closes the channels, stops the
/// server and then fails the test if the server logged an error the test did not expect.
/// </summary>
internal sealed class GrpcTestHost : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private GrpcTestHost(LoopbackServer server, TestLogs logs)
    {
        Server = server;
        Logs = logs;
        Channel = CreateChannel();
        Client = new Interop.InteropClient(Channel);
    }

    public LoopbackServer Server { get; }

    public TestLogs Logs { get; }

    public Uri Address => Server.Address;

    /// <summary>A channel with default options.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The generated client over <see cref="Channel"/>.</summary>
    public Interop.InteropClient Client { get; }

    public static Task<GrpcTestHost> StartAsync(Action<GrpcServiceOptions>? grpc = null, Action<IServiceCollection>? services = null, Action<WebApplication>? map = null) =>
        StartAsync<InteropService>(grpc, services, map);

    public static async Task<GrpcTestHost> StartAsync<TService>(Action<GrpcServiceOptions>? grpc = null, Action<IServiceCollection>? services = null, Action<WebApplication>? map = null)
        where TService : class
    {
        var logs = new TestLogs();
        var server = await LoopbackServer.StartAsync<TService>(grpc, map, logs, services).DefaultTimeout();
        return new GrpcTestHost(server, logs);
    }

    /// <summary>Another channel to the server, closed with the host.</summary>
    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null)
    {
        var channel = GrpcChannel.ForAddress(Address, options);
        _channels.Add(channel);
        return channel;
    }

    public T GetRequiredService<T>() where T : notnull => Server.Services.GetRequiredService<T>();

    /// <summary>
    /// Opens <see cref="Channel"/>'s connection with a health check, so that a short deadline in the test
    /// measures the call under test and not the connection set-up on a busy machine.
    /// </summary>
    public async Task WarmUpAsync() =>
        await new global::Grpc.Health.V1.Health.HealthClient(Channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest()).ResponseAsync.DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        await Server.DisposeAsync().AsTask().DefaultTimeout();
        Logs.AssertNoUnexpectedErrors();
    }
}
