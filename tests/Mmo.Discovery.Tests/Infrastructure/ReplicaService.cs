using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>Who a replica is, and how many calls it served.</summary>
internal sealed class ReplicaIdentity(string name)
{
    private int _calls;

    public string Name { get; } = name;

    public int Calls => Volatile.Read(ref _calls);

    public void Count() => Interlocked.Increment(ref _calls);
}

/// <summary>
/// The Interop contract as one replica answers it: every call sends the header <c>x-replica</c> with the replica's
/// name, and unary and streamed responses carry the name as their payload. Unary calls honour delay_ms and
/// response_status so tests can hold a call in flight or make a replica fail.
/// </summary>
internal sealed class ReplicaService(ReplicaIdentity identity) : Interop.InteropBase
{
    public const string ReplicaHeader = "x-replica";

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        identity.Count();
        await context.WriteResponseHeadersAsync(new Metadata { { ReplicaHeader, identity.Name } });
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        if (request.ResponseStatus is { Code: not 0 } status)
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
        return Named();
    }

    public override async Task StreamingOutputCall(StreamingOutputRequest request, IServerStreamWriter<SimpleResponse> responseStream, ServerCallContext context)
    {
        identity.Count();
        await context.WriteResponseHeadersAsync(new Metadata { { ReplicaHeader, identity.Name } });
        foreach (var _ in request.ResponseSizes)
        {
            await responseStream.WriteAsync(Named());
        }
    }

    public override async Task<StreamingInputResponse> StreamingInputCall(IAsyncStreamReader<SimpleRequest> requestStream, ServerCallContext context)
    {
        identity.Count();
        await context.WriteResponseHeadersAsync(new Metadata { { ReplicaHeader, identity.Name } });
        var response = new StreamingInputResponse();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            response.Count++;
        }
        return response;
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<SimpleRequest> requestStream, IServerStreamWriter<SimpleResponse> responseStream, ServerCallContext context)
    {
        identity.Count();
        await context.WriteResponseHeadersAsync(new Metadata { { ReplicaHeader, identity.Name } });
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(Named());
        }
    }

    /// <summary>The replica name a response carries.</summary>
    public static string NameOf(SimpleResponse response) => response.Payload.ToStringUtf8();

    private SimpleResponse Named() => new() { Payload = ByteString.CopyFrom(identity.Name, Encoding.UTF8) };
}
