using Microsoft.Extensions.DependencyInjection;

namespace Mmo.Discovery;

/// <summary>Configures one typed gRPC client registered by <see cref="DiscoveryServiceCollectionExtensions.AddGrpcServiceClient{TClient}"/>.</summary>
public interface IGrpcServiceClientBuilder
{
    IServiceCollection Services { get; }

    /// <summary>The logical service the client calls, e.g. "auth".</summary>
    string ServiceName { get; }

    /// <summary>Name of the client's <see cref="GrpcServiceClientOptions"/>: the client type's full name.</summary>
    string Name { get; }
}
