using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mmo.Benchmarks.Infrastructure;
using Mmo.Grpc.Client;
using Mmo.Grpc.Testing;
using Mmo.Testing.V1;

namespace Mmo.Benchmarks;

/// <summary>
/// A real Kestrel server with the interop service on 127.0.0.1, one channel and one client to it,
/// and the small unary request every benchmark sends: an empty payload, <see cref="ResponseSize"/> bytes back.
/// Client and server share the process (and its two cores), as in the load tool's in-process runs.
/// </summary>
[MemoryDiagnoser]
public abstract class LoopbackBenchmarkBase
{
    public const string UnaryPath = "/mmo.testing.v1.Interop/UnaryCall";

    private IEndpointRouteBuilder? _endpoints;

    protected LoopbackServer Server { get; private set; } = null!;

    protected GrpcChannel Channel { get; private set; } = null!;

    protected Interop.InteropClient Client { get; private set; } = null!;

    protected SimpleRequest Request { get; private set; } = null!;

    /// <summary>The request as a gRPC frame, for callers that bypass our client.</summary>
    protected byte[] RequestFrame { get; private set; } = [];

    /// <summary>Bytes of payload in each response; small on purpose: these benchmarks measure per-call overhead.</summary>
    protected virtual int ResponseSize => 0;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Server = LoopbackServer.StartAsync(map: app => _endpoints = app).GetAwaiter().GetResult();
        Channel = GrpcChannel.ForAddress(Server.Address);
        Client = new Interop.InteropClient(Channel);
        Request = new SimpleRequest { ResponseSize = ResponseSize };
        RequestFrame = GrpcFrames.Encode(Request);
        OnSetup();
        // The first call opens the HTTP/2 connection; no iteration should pay for it.
        Client.UnaryCall(Request);
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        OnCleanup();
        Channel.Dispose();
        Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    protected virtual void OnSetup()
    {
    }

    protected virtual void OnCleanup()
    {
    }

    /// <summary>The request delegate our server mapped for a method path, to call without Kestrel.</summary>
    protected RequestDelegate FindEndpoint(string path)
    {
        var endpoint = _endpoints!.DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .FirstOrDefault(e => e.RoutePattern.RawText == path)
            ?? throw new InvalidOperationException($"No endpoint is mapped at {path}.");
        return endpoint.RequestDelegate ?? throw new InvalidOperationException($"The endpoint at {path} has no request delegate.");
    }
}
