using Google.Protobuf;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Testing;

/// <summary>
/// Our side of mmo.testing.v1.Interop, with the same semantics as the python and node peers
/// (tests/interop/README.md): sizes, requested statuses, delays and metadata echo.
/// </summary>
public sealed class InteropService : Interop.InteropBase
{
    public const string EchoInitialKey = "x-echo-initial";
    public const string EchoTrailingKey = "x-echo-trailing-bin";

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        ThrowIfRequested(request.ResponseStatus);
        return Respond(request);
    }

    public override async Task StreamingOutputCall(StreamingOutputRequest request, IServerStreamWriter<SimpleResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        for (var i = 0; i < request.ResponseSizes.Count; i++)
        {
            if (i > 0 && request.IntervalMs > 0)
            {
                await Task.Delay(request.IntervalMs, context.CancellationToken);
            }
            await responseStream.WriteAsync(new SimpleResponse { Payload = Payload(request.ResponseSizes[i]) });
        }
        ThrowIfRequested(request.ResponseStatus);
    }

    public override async Task<StreamingInputResponse> StreamingInputCall(IAsyncStreamReader<SimpleRequest> requestStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var response = new StreamingInputResponse();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            response.AggregatedPayloadSize += request.Payload.Length;
            response.Count++;
        }
        return response;
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<SimpleRequest> requestStream, IServerStreamWriter<SimpleResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            ThrowIfRequested(request.ResponseStatus);
            if (request.DelayMs > 0)
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
            await responseStream.WriteAsync(Respond(request));
        }
    }

    private static SimpleResponse Respond(SimpleRequest request) =>
        new() { Payload = Payload(request.ResponseSize), ReceivedSize = request.Payload.Length };

    private static ByteString Payload(int size)
    {
        if (size <= 0)
        {
            return ByteString.Empty;
        }
        var bytes = new byte[size];
        bytes.AsSpan().Fill((byte)'a');
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    private static void ThrowIfRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { EchoInitialKey, initial } });
        }
        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }
}
