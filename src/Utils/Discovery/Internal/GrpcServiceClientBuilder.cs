using Microsoft.Extensions.DependencyInjection;

namespace Mmo.Discovery.Internal;

internal sealed class GrpcServiceClientBuilder(IServiceCollection services, string serviceName, string name) : IGrpcServiceClientBuilder
{
    public IServiceCollection Services { get; } = services;

    public string ServiceName { get; } = serviceName;

    public string Name { get; } = name;
}
