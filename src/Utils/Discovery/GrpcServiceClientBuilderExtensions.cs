using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Grpc.Client;

namespace Mmo.Discovery;

/// <summary>Interceptors and channel settings of a typed gRPC client.</summary>
public static class GrpcServiceClientBuilderExtensions
{
    /// <summary>Adds an interceptor taken from DI (or created with its dependencies if not registered), per client instance.</summary>
    public static IGrpcServiceClientBuilder AddInterceptor<TInterceptor>(this IGrpcServiceClientBuilder builder)
        where TInterceptor : Interceptor =>
        builder.AddInterceptor(static services => ActivatorUtilities.GetServiceOrCreateInstance<TInterceptor>(services));

    /// <summary>Adds an interceptor made by <paramref name="factory"/> for each client instance; the first added runs first.</summary>
    public static IGrpcServiceClientBuilder AddInterceptor(this IGrpcServiceClientBuilder builder, Func<IServiceProvider, Interceptor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Configure<GrpcServiceClientOptions>(builder.Name, o => o.InterceptorFactories.Add(factory));
        return builder;
    }

    /// <summary>Sets the channel options of every endpoint of the client's service (shared by all clients of that service).</summary>
    public static IGrpcServiceClientBuilder ConfigureChannel(this IGrpcServiceClientBuilder builder, Action<GrpcChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.ServiceName, configure);
        return builder;
    }
}
