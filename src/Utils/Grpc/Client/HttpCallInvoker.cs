using Grpc.Core;

namespace Mmo.Grpc.Client;

/// <summary>Starts calls on a <see cref="GrpcChannel"/>.</summary>
internal sealed class HttpCallInvoker(GrpcChannel channel) : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        using var call = AsyncUnaryCall(method, host, options, request);
        return call.ResponseAsync.GetAwaiter().GetResult();
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new ClientCall<TRequest, TResponse>(channel, method, host, options);
        var response = call.RunUnaryAsync(request);
        return new AsyncUnaryCall<TResponse>(response, ClientCallCallbacks.ResponseHeaders, ClientCallCallbacks.Status, ClientCallCallbacks.Trailers, ClientCallCallbacks.Dispose, call);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new ClientCall<TRequest, TResponse>(channel, method, host, options);
        call.StartServerStreaming(request);
        return new AsyncServerStreamingCall<TResponse>(call, ClientCallCallbacks.ResponseHeaders, ClientCallCallbacks.Status, ClientCallCallbacks.Trailers, ClientCallCallbacks.Dispose, call);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new ClientCall<TRequest, TResponse>(channel, method, host, options);
        var response = call.RunClientStreamingAsync();
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, response, ClientCallCallbacks.ResponseHeaders, ClientCallCallbacks.Status, ClientCallCallbacks.Trailers, ClientCallCallbacks.Dispose, call);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new ClientCall<TRequest, TResponse>(channel, method, host, options);
        call.StartDuplexStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call.RequestStream, call, ClientCallCallbacks.ResponseHeaders, ClientCallCallbacks.Status, ClientCallCallbacks.Trailers, ClientCallCallbacks.Dispose, call);
    }
}

/// <summary>Static callbacks of the Async*Call objects, so no closure is allocated per call.</summary>
internal static class ClientCallCallbacks
{
    public static readonly Func<object, Task<Metadata>> ResponseHeaders = state => ((IClientCall)state).GetResponseHeadersAsync();
    public static readonly Func<object, Status> Status = state => ((IClientCall)state).GetStatus();
    public static readonly Func<object, Metadata> Trailers = state => ((IClientCall)state).GetTrailers();
    public static readonly Action<object> Dispose = state => ((IClientCall)state).Dispose();
}

/// <summary>What the call objects need of a call, whatever its message types.</summary>
internal interface IClientCall : IDisposable
{
    Task<Metadata> GetResponseHeadersAsync();

    Status GetStatus();

    Metadata GetTrailers();
}
