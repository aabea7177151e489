using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Discovery.Balancing;
using Mmo.Discovery.Consul;
using Mmo.Discovery.Dns;
using Mmo.Discovery.Internal;
using Mmo.Discovery.Static;

namespace Mmo.Discovery;

/// <summary>DI entry points of discovery and balanced gRPC clients.</summary>
public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="IServiceResolver"/> of <c>Discovery:Mode</c>, the options of every mode (bound from
    /// configuration, validated at start with messages naming the setting), the <see cref="BalancingCallInvokerFactory"/>
    /// and, in mode Consul, <see cref="ConsulRegistrationService"/>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddDiscovery(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DiscoveryMarker)))
        {
            return services;
        }
        services.AddSingleton<DiscoveryMarker>();
        services.AddDiscoveryOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(ConsulClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<ConsulClient>();
        services.TryAddSingleton(CreateResolver);
        services.TryAddSingleton<BalancingCallInvokerFactory>();
        services.AddHostedService(sp => new ConsulRegistrationService(
            sp.GetRequiredService<ConsulClient>(),
            sp.GetRequiredService<IOptions<DiscoveryOptions>>(),
            sp.GetRequiredService<IOptions<ConsulDiscoveryOptions>>(),
            sp.GetRequiredService<IOptions<ConsulRegistrationOptions>>(),
            sp.GetRequiredService<ILogger<ConsulRegistrationService>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<DiscoveryWarmup>();
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TClient"/> (a generated client, e.g. <c>Auth.AuthClient</c>) as a transient
    /// service whose calls are balanced over the endpoints of <paramref name="serviceName"/>, through the
    /// interceptors added with the returned builder. Adds discovery if it is not there yet.
    /// </summary>
    public static IGrpcServiceClientBuilder AddGrpcServiceClient<TClient>(this IServiceCollection services, string serviceName)
        where TClient : ClientBase
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        services.AddDiscovery();
        var name = typeof(TClient).FullName!;
        services.Configure<GrpcServiceClientOptions>(name, o => o.ServiceName = serviceName);
        services.Configure<DiscoveryClientNames>(o => o.ServiceNames.Add(serviceName));
        services.AddTransient(sp => CreateClient<TClient>(sp, name));
        return new GrpcServiceClientBuilder(services, serviceName, name);
    }

    /// <summary>
    /// Adds an interceptor to every typed client (e.g. correlation, internal auth). These run before each client's
    /// own, in the order they were added.
    /// </summary>
    public static IServiceCollection AddGrpcServiceClientInterceptor(this IServiceCollection services, Func<IServiceProvider, Interceptor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        services.Configure<GlobalClientInterceptors>(o => o.Factories.Add(factory));
        return services;
    }

    private static TClient CreateClient<TClient>(IServiceProvider services, string name)
        where TClient : ClientBase
    {
        var options = services.GetRequiredService<IOptionsMonitor<GrpcServiceClientOptions>>().Get(name);
        var global = services.GetRequiredService<IOptions<GlobalClientInterceptors>>().Value.Factories;
        CallInvoker invoker = services.GetRequiredService<BalancingCallInvokerFactory>().GetInvoker(options.ServiceName);
        if (global.Count + options.InterceptorFactories.Count > 0)
        {
            invoker = invoker.Intercept([.. global.Concat(options.InterceptorFactories).Select(create => create(services))]);
        }
        return ClientActivator<TClient>.Create(services, [invoker]);
    }

    private static IServiceResolver CreateResolver(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DiscoveryOptions>>().Value.Mode switch
        {
            DiscoveryMode.Consul => ActivatorUtilities.CreateInstance<ConsulServiceResolver>(services),
            DiscoveryMode.Dns => ActivatorUtilities.CreateInstance<DnsServiceResolver>(services),
            _ => ActivatorUtilities.CreateInstance<StaticServiceResolver>(services),
        };

    private static void AddDiscoveryOptions(this IServiceCollection services)
    {
        services.AddOptions<DiscoveryOptions>()
            .BindConfiguration(DiscoveryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StaticDiscoveryOptions>()
            .BindConfiguration(StaticDiscoveryOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaticDiscoveryOptions>, StaticDiscoveryOptionsValidator>();
        services.AddOptions<ConsulDiscoveryOptions>()
            .BindConfiguration(ConsulDiscoveryOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => IsHttpUri(o.Address), "Discovery:Consul:Address must be an absolute http:// or https:// URI, such as http://127.0.0.1:8500.")
            .Validate(o => o.MaxErrorBackoffMs >= o.ErrorBackoffMs, "Discovery:Consul:MaxErrorBackoffMs must not be less than Discovery:Consul:ErrorBackoffMs.")
            .ValidateOnStart();
        services.AddOptions<ConsulRegistrationOptions>()
            .BindConfiguration(ConsulRegistrationOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<DiscoveryOptions>>(
                (o, discovery) => !Registers(o, discovery) || !string.IsNullOrWhiteSpace(o.ServiceName),
                "Discovery:Consul:Registration:ServiceName (or Service:Name) is required to register with Consul; or set Discovery:Consul:Registration:Enabled to false.")
            .Validate<IOptions<DiscoveryOptions>>(
                (o, discovery) => !Registers(o, discovery) || o.GrpcPort is > 0 and <= 65535,
                "Discovery:Consul:Registration:GrpcPort (or Service:GrpcPort) must be a TCP port between 1 and 65535 to register with Consul.")
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<ConsulRegistrationOptions>, ConsulRegistrationDefaults>();
        services.AddOptions<DnsDiscoveryOptions>()
            .BindConfiguration(DnsDiscoveryOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Server) || DnsServerList.TryParseServer(o.Server, out _), "Discovery:Dns:Server must be an IP address with an optional port, such as 127.0.0.1:5353 or [::1]:53.")
            .Validate(o => o.Services.Values.All(s => s.Port is null or (> 0 and <= 65535)), "Every Discovery:Dns:Services:<name>:Port must be a TCP port between 1 and 65535.")
            .Validate<IOptions<DiscoveryOptions>>(
                (o, discovery) => discovery.Value.Mode != DiscoveryMode.Dns || !string.IsNullOrWhiteSpace(o.Server) || HasNameServer(o.ResolvConfPath),
                "Discovery:Dns:Server is not set and the file of Discovery:Dns:ResolvConfPath (default /etc/resolv.conf) has no readable nameserver line.")
            .ValidateOnStart();
        services.AddOptions<BalancingOptions>()
            .BindConfiguration(BalancingOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.MaxBreakMs >= o.FailureBackoffMs && o.MaxBreakMs >= o.BreakMs, "Discovery:Balancing:MaxBreakMs must not be less than Discovery:Balancing:FailureBackoffMs or Discovery:Balancing:BreakMs.")
            .ValidateOnStart();
    }

    private static bool Registers(ConsulRegistrationOptions options, IOptions<DiscoveryOptions> discovery) =>
        options.Enabled && discovery.Value.Mode == DiscoveryMode.Consul;

    private static bool IsHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool HasNameServer(string path)
    {
        try
        {
            return DnsServerList.ReadResolvConf(File.ReadLines(path)).Count > 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Marks that <see cref="AddDiscovery"/> ran.</summary>
    private sealed class DiscoveryMarker;

    /// <summary>Builds a generated client through its <c>(CallInvoker)</c> constructor, compiled once per type.</summary>
    private static class ClientActivator<TClient>
        where TClient : ClientBase
    {
        private static readonly ObjectFactory<TClient> Factory = ActivatorUtilities.CreateFactory<TClient>([typeof(CallInvoker)]);

        public static TClient Create(IServiceProvider services, object[] arguments) => Factory(services, arguments);
    }
}
