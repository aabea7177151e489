using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mmo.Grpc.Server.Internal;

/// <summary>
/// The request delegate of one gRPC method: starts the call, runs the method through the
/// interceptors, and ends the call with its status, whatever happened.
/// </summary>
internal abstract class ServerCallHandler(ServerMethodInfo method, ServerCallDependencies dependencies)
{
    public async Task HandleCallAsync(HttpContext httpContext)
    {
        var call = new ServerCall(httpContext, method, dependencies);
        var started = 0L;
        try
        {
            if (!call.TryStart())
            {
                return;
            }
            started = Stopwatch.GetTimestamp();
            dependencies.Metrics.Started(method.Tags);
            await HandleCoreAsync(call).ConfigureAwait(false);
            await call.EndAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await call.EndWithErrorAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            call.Dispose();
            if (started != 0)
            {
                dependencies.Metrics.Handled(method.Tags, call.FinalStatusCode, started);
            }
        }
    }

    protected abstract Task HandleCoreAsync(ServerCall call);
}

/// <summary>Unary: one request, the method's response, then the status.</summary>
internal sealed class UnaryCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> invoker, ServerCallDependencies dependencies)
    : ServerCallHandler(new ServerMethodInfo(method), dependencies)
    where TRequest : class where TResponse : class
{
    protected override async Task HandleCoreAsync(ServerCall call)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestMarshaller).ConfigureAwait(false);
        var response = await invoker(request, call).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The method returned no response."));
        if (!call.ResponseUnwanted)
        {
            // No flush: Kestrel sends headers, message and trailers together when the request ends.
            await call.WriteMessageAsync(method.ResponseMarshaller, response, null, flush: false, default).ConfigureAwait(false);
        }
    }
}

/// <summary>Client streaming: a stream of requests, one response.</summary>
internal sealed class ClientStreamingCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> invoker, ServerCallDependencies dependencies)
    : ServerCallHandler(new ServerMethodInfo(method), dependencies)
    where TRequest : class where TResponse : class
{
    protected override async Task HandleCoreAsync(ServerCall call)
    {
        var reader = new ServerStreamReader<TRequest>(call, method.RequestMarshaller);
        var response = await invoker(reader, call).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The method returned no response."));
        if (!call.ResponseUnwanted)
        {
            await call.WriteMessageAsync(method.ResponseMarshaller, response, null, flush: false, default).ConfigureAwait(false);
        }
    }
}

/// <summary>Server streaming: one request, the responses the method writes.</summary>
internal sealed class ServerStreamingCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> invoker, ServerCallDependencies dependencies)
    : ServerCallHandler(new ServerMethodInfo(method), dependencies)
    where TRequest : class where TResponse : class
{
    protected override async Task HandleCoreAsync(ServerCall call)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestMarshaller).ConfigureAwait(false);
        await invoker(request, new ServerStreamWriter<TResponse>(call, method.ResponseMarshaller), call).ConfigureAwait(false);
    }
}

/// <summary>Duplex streaming: both streams handed to the method.</summary>
internal sealed class DuplexStreamingCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> invoker, ServerCallDependencies dependencies)
    : ServerCallHandler(new ServerMethodInfo(method), dependencies)
    where TRequest : class where TResponse : class
{
    protected override Task HandleCoreAsync(ServerCall call) =>
        invoker(new ServerStreamReader<TRequest>(call, method.RequestMarshaller), new ServerStreamWriter<TResponse>(call, method.ResponseMarshaller), call);
}
