using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>The Interop service answering as its <see cref="ServerScript"/> says; streaming calls follow their request, as InteropService does.</summary>
internal sealed class ScriptedInterop(ServerScript script) : Interop.InteropBase
{
    public override Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context) =>
        script.Unary(script.Record(context), context);

    public override async Task StreamingOutputCall(StreamingOutputRequest request, IServerStreamWriter<SimpleResponse> responseStream, ServerCallContext context)
    {
        script.Record(context);
        foreach (var size in request.ResponseSizes)
        {
            await responseStream.WriteAsync(new SimpleResponse { ReceivedSize = size });
            if (request.IntervalMs > 0)
            {
                await Task.Delay(request.IntervalMs, context.CancellationToken);
            }
        }
        if (request.ResponseStatus is { Code: not 0 } status)
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }
}
