using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mmo.Grpc.Server;
using Mmo.Grpc.Server.Health;

// In the DI namespace, like other AddXxx() extensions, so callers need no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gRPC server.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gRPC server and the grpc.health.v1 service, and raises Kestrel's HTTP/2 limits
    /// to suit many concurrent calls per connection.
    /// </summary>
    public static IServiceCollection AddGrpc(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        var options = services.AddOptions<GrpcServiceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.Validate(o => o.MaxReceiveMessageSize > 0 && o.MaxSendMessageSize > 0, "gRPC message size limits must be positive.");
        services.TryAddSingleton<HealthStatusRegistry>();
        services.AddMetrics();
        services.TryAddSingleton<GrpcServerMetrics>();
        services.AddOptions<KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<GrpcServiceOptions>>((kestrel, grpc) =>
        {
            var http2 = kestrel.Limits.Http2;
            http2.MaxStreamsPerConnection = grpc.Value.MaxStreamsPerConnection;
            // Larger windows than Kestrel's defaults (128/96 KiB) keep 1 MiB messages and busy streams from stalling on flow control.
            http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
            http2.InitialStreamWindowSize = 1024 * 1024;
        });
        return services;
    }
}
