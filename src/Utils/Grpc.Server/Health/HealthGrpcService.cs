using Grpc.Core;
using Grpc.Health.V1;

namespace Mmo.Grpc.Server.Health;

/// <summary>grpc.health.v1.Health over the <see cref="HealthStatusRegistry"/>.</summary>
internal sealed class HealthGrpcService(HealthStatusRegistry registry) : global::Grpc.Health.V1.Health.HealthBase
{
    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = registry.GetStatus(request.Service)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    /// <summary>
    /// Streams until the call is cancelled. The cancellation is left to end the call: nothing is sent
    /// when the watcher left, UNAVAILABLE when the server is stopping (a watch never ends with OK).
    /// </summary>
    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        await foreach (var status in registry.WatchAsync(request.Service, context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
