using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Client;
using Mmo.Grpc.Testing;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>
/// A real server (<see cref="ScriptedInterop"/> on loopback Kestrel), optionally behind a <see cref="TcpProxy"/>, and a
/// client whose invoker goes through the <see cref="ResilienceInterceptor"/> built from the given policies by
/// <see cref="GrpcResilienceServiceCollectionExtensions.AddGrpcResilience"/>, as a service would build it.
/// </summary>
internal sealed class ResilienceTestHost : IAsyncDisposable
{
    public const string Service = "mmo.testing.v1.Interop";
    public const string Unary = Service + "/UnaryCall";
    public const string ServerStreaming = Service + "/StreamingOutputCall";

    private ResilienceTestHost(ServerScript script, LoopbackServer server, TcpProxy? proxy, ServiceProvider services, ErrorLogRecorder serverLogs, ErrorLogRecorder clientLogs)
    {
        Script = script;
        Server = server;
        Proxy = proxy;
        Services = services;
        ServerLogs = serverLogs;
        ClientLogs = clientLogs;
        Metrics = new MetricRecorder(services.GetRequiredService<IMeterFactory>());
        Channel = GrpcChannel.ForAddress(proxy?.Address ?? server.Address);
        // As a service wires it: per-attempt interceptors first, resilience wrapped last so it runs first.
        Client = new Interop.InteropClient(Channel.CreateCallInvoker().Intercept(ClientAttempts).WithResilience(services));
    }

    public ServerScript Script { get; }

    public LoopbackServer Server { get; }

    public TcpProxy? Proxy { get; }

    public ServiceProvider Services { get; }

    public ErrorLogRecorder ServerLogs { get; }

    public ErrorLogRecorder ClientLogs { get; }

    public MetricRecorder Metrics { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Every attempt as the interceptors after the resilience interceptor see it.</summary>
    public AttemptRecorder ClientAttempts { get; } = new();

    public Interop.InteropClient Client { get; }

    public static async Task<ResilienceTestHost> StartAsync(
        Action<GrpcResiliencePolicies>? policies = null,
        IDictionary<string, string?>? configuration = null,
        bool proxy = false,
        TimeProvider? time = null)
    {
        var script = new ServerScript();
        var serverLogs = new ErrorLogRecorder();
        var server = await LoopbackServer.StartAsync<ScriptedInterop>(logs: serverLogs, configureServices: s => s.AddSingleton(script));
        var clientLogs = new ErrorLogRecorder();
        var services = CreateServices(policies, configuration, time, clientLogs);
        return new ResilienceTestHost(script, server, proxy ? new TcpProxy(server.Address) : null, services, serverLogs, clientLogs);
    }

    /// <summary>The client side alone: what <c>AddGrpcResilience</c> registers, over in-memory configuration.</summary>
    public static ServiceProvider CreateServices(
        Action<GrpcResiliencePolicies>? policies = null,
        IDictionary<string, string?>? configuration = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build());
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddGrpcResilience(policies);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>
    /// One call that fails once then succeeds, so that timing tests do not measure the first connection and the
    /// JIT: the first call of a process takes about a second here. Then forgets it.
    /// </summary>
    public async Task WarmUpAsync()
    {
        var script = Script.Unary;
        Script.Unary = ServerScript.FailFirst(1, StatusCode.Unavailable);
        try
        {
            await Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        }
        catch (RpcException)
        {
            // Not retried under this test's policy: the connection is warm all the same.
        }
        Script.Unary = script;
        Script.Reset();
        Metrics.Clear();
        ClientAttempts.Clear();
        ClientLogs.ClearRecords();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
        await Server.DisposeAsync();
        Metrics.Dispose();
        await Services.DisposeAsync();
        var errors = ServerLogs.Errors.Concat(ClientLogs.Errors).ToList();
        Assert.True(errors.Count == 0, "Unexpected error logs:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
    }
}
