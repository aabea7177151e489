using Grpc.Core.Interceptors;

namespace Mmo.Discovery;

/// <summary>
/// How a typed client from <see cref="DiscoveryServiceCollectionExtensions.AddGrpcServiceClient{TClient}"/> is built:
/// named options, one per client type (its full name).
/// </summary>
public sealed class GrpcServiceClientOptions
{
    /// <summary>The logical service the client calls.</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>Makes the interceptors of each client instance; the first added runs first (outermost).</summary>
    public IList<Func<IServiceProvider, Interceptor>> InterceptorFactories { get; } = [];
}
