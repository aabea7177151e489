using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Benchmarks.Infrastructure;

namespace Mmo.Benchmarks.Server;

/// <summary>
/// Our server's side of a unary call alone: the request delegate mapped for UnaryCall, run on a reused
/// in-memory HttpContext (no Kestrel, no sockets, no client). Allocated is what our server code and the
/// interop service allocate per call, including the protobuf messages and the service instance.
/// Request services come from one DI scope, so hosting's per-request scope is not counted.
/// </summary>
public class ServerUnaryBenchmark : LoopbackBenchmarkBase
{
    private RequestDelegate _unary = null!;
    private InMemoryServerCall _call = null!;
    private IServiceScope _scope = null!;

    protected override void OnSetup()
    {
        _unary = FindEndpoint(UnaryPath);
        _scope = Server.Services.CreateScope();
        _call = new InMemoryServerCall(UnaryPath, RequestFrame, _scope.ServiceProvider);
        HandleUnaryCall().GetAwaiter().GetResult();
        // A sanity check that the in-memory request really reaches the method: status OK and one framed response.
        if (_call.Trailers["grpc-status"] != "0" || _call.ResponseBody.Written < 5)
        {
            throw new InvalidOperationException($"Unexpected answer: grpc-status '{_call.Trailers["grpc-status"]}', {_call.ResponseBody.Written} body bytes.");
        }
    }

    protected override void OnCleanup() => _scope.Dispose();

    [Benchmark]
    public Task HandleUnaryCall() => _unary(_call.Next());
}
