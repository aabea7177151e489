using Grpc.Core.Interceptors;

namespace Mmo.Discovery.Internal;

/// <summary>The service names that typed clients call (options, filled by AddGrpcServiceClient).</summary>
internal sealed class DiscoveryClientNames
{
    public HashSet<string> ServiceNames { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Interceptors every typed client gets before its own (options, filled by AddGrpcServiceClientInterceptor).</summary>
internal sealed class GlobalClientInterceptors
{
    public List<Func<IServiceProvider, Interceptor>> Factories { get; } = [];
}
