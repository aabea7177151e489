using Grpc.Core;
using Grpc.Core.Interceptors;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>Created per call from DI (registered by type); traces as "typed".</summary>
internal sealed class TracingInterceptor(CallTrace trace) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        trace.Add("typed:before");
        var response = await continuation(request, context);
        trace.Add("typed:after");
        return response;
    }
}

/// <summary>One shared instance (registered by instance), tracing every call kind under its name.</summary>
internal sealed class NamedInterceptor(string name, CallTrace trace) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        trace.Add(name + ":before");
        var response = await continuation(request, context);
        trace.Add(name + ":after");
        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        trace.Add(name + ":server-streaming");
        await continuation(request, responseStream, context);
        trace.Add(name + ":server-streaming:after");
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        trace.Add(name + ":client-streaming");
        var response = await continuation(requestStream, context);
        trace.Add(name + ":client-streaming:after");
        return response;
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        trace.Add(name + ":duplex");
        await continuation(requestStream, responseStream, context);
        trace.Add(name + ":duplex:after");
    }
}

internal sealed class DenyingInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        throw new RpcException(new Status(StatusCode.PermissionDenied, "denied by interceptor"), new Metadata { { "x-denied", "yes" } });
}

/// <summary>Replaces successful responses and maps failures to UNAVAILABLE with a rewritten message.</summary>
internal sealed class RewritingInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            var response = await continuation(request, context);
            if (response is SimpleResponse simple)
            {
                simple.ReceivedSize = 99;
            }
            return response;
        }
        catch (RpcException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "rewritten: " + ex.Status.Detail));
        }
    }
}

internal sealed class HeaderAddingServerInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        context.RequestHeaders.Add("x-added-by-server", "1");
        return continuation(request, context);
    }
}
