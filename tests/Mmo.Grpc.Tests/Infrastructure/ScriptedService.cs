using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>What <see cref="ScriptedService"/> does for each method; a method left null is unimplemented.</summary>
internal sealed class ServiceScript
{
    public Func<SimpleRequest, ServerCallContext, Task<SimpleResponse>>? Unary { get; set; }

    public Func<StreamingOutputRequest, IServerStreamWriter<SimpleResponse>, ServerCallContext, Task>? ServerStreaming { get; set; }

    public Func<IAsyncStreamReader<SimpleRequest>, ServerCallContext, Task<StreamingInputResponse>>? ClientStreaming { get; set; }

    public Func<IAsyncStreamReader<SimpleRequest>, IServerStreamWriter<SimpleResponse>, ServerCallContext, Task>? Duplex { get; set; }
}

/// <summary>The Interop service with per-test behaviour, taken from the <see cref="ServiceScript"/> in DI.</summary>
internal sealed class ScriptedService(ServiceScript script) : Interop.InteropBase
{
    public override Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context) =>
        script.Unary is { } unary ? unary(request, context) : base.UnaryCall(request, context);

    public override Task StreamingOutputCall(StreamingOutputRequest request, IServerStreamWriter<SimpleResponse> responseStream, ServerCallContext context) =>
        script.ServerStreaming is { } streaming ? streaming(request, responseStream, context) : base.StreamingOutputCall(request, responseStream, context);

    public override Task<StreamingInputResponse> StreamingInputCall(IAsyncStreamReader<SimpleRequest> requestStream, ServerCallContext context) =>
        script.ClientStreaming is { } streaming ? streaming(requestStream, context) : base.StreamingInputCall(requestStream, context);

    public override Task FullDuplexCall(IAsyncStreamReader<SimpleRequest> requestStream, IServerStreamWriter<SimpleResponse> responseStream, ServerCallContext context) =>
        script.Duplex is { } duplex ? duplex(requestStream, responseStream, context) : base.FullDuplexCall(requestStream, responseStream, context);

    /// <summary>Starts a host serving this service with <paramref name="script"/>.</summary>
    public static Task<GrpcTestHost> StartHostAsync(ServiceScript script, Action<Mmo.Grpc.Server.GrpcServiceOptions>? grpc = null) =>
        GrpcTestHost.StartAsync<ScriptedService>(grpc, services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, script));
}

/// <summary>Overrides only UnaryCall: the other methods keep the generated base's UNIMPLEMENTED.</summary>
internal sealed class UnaryOnlyService : Interop.InteropBase
{
    public override Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context) =>
        Task.FromResult(new SimpleResponse { ReceivedSize = request.Payload.Length });
}
