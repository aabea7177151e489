using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Grpc.Server;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Server interceptors, registered by type (created per call) and by instance: order, short-circuits, rewrites.</summary>
public class ServerInterceptorTests
{
    [Fact]
    public async Task ServerInterceptors_ByTypeAndInstance_RunInRegistrationOrderAroundService()
    {
        var trace = new CallTrace();
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                trace.Add("service");
                return Task.FromResult(new SimpleResponse());
            },
        };
        await using var host = await GrpcTestHost.StartAsync<ScriptedService>(
            o =>
            {
                o.Interceptors.Add<TracingInterceptor>();
                o.Interceptors.Add(new NamedInterceptor("second", trace));
                o.Interceptors.Add<TracingInterceptor>();
            },
            services => services.AddSingleton(script).AddSingleton(trace));

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(["typed:before", "second:before", "typed:before", "service", "typed:after", "second:after", "typed:after"], trace.Items);
    }

    [Fact]
    public async Task ServerInterceptor_StreamingCalls_WrapsAllFourKinds()
    {
        var trace = new CallTrace();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(new NamedInterceptor("i", trace)));

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        using (var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1 } }))
        {
            await call.ResponseStream.ToListAsync();
        }
        using (var call = host.Client.StreamingInputCall())
        {
            await call.RequestStream.CompleteAsync().DefaultTimeout();
            await call.ResponseAsync.DefaultTimeout();
        }
        using (var call = host.Client.FullDuplexCall())
        {
            await call.RequestStream.CompleteAsync().DefaultTimeout();
            await call.ResponseStream.ToListAsync();
        }

        Assert.Equal(
            ["i:before", "i:after", "i:server-streaming", "i:server-streaming:after", "i:client-streaming", "i:client-streaming:after", "i:duplex", "i:duplex:after"],
            trace.Items);
    }

    [Fact]
    public async Task ServerInterceptor_ThrowsRpcException_ShortCircuitsWithItsStatus()
    {
        var trace = new CallTrace();
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                trace.Add("service");
                return Task.FromResult(new SimpleResponse());
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script, o => o.Interceptors.Add(new DenyingInterceptor()));

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("denied by interceptor", ex.Status.Detail);
        Assert.Equal("yes", ex.Trailers.GetValue("x-denied"));
        Assert.Empty(trace.Items);
    }

    [Fact]
    public async Task ServerInterceptor_ChangesStatusAndResponse_CallerSeesChanges()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(new RewritingInterceptor()));

        var response = await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 3 }).ResponseAsync.DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.NotFound, Message = "x" } }).ResponseAsync).DefaultTimeout();

        Assert.Equal(99, response.ReceivedSize);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("rewritten: x", ex.Status.Detail);
    }

    [Fact]
    public async Task ServerInterceptor_AddsRequestHeader_ServiceSeesIt()
    {
        string? seen = null;
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                seen = context.RequestHeaders.GetValue("x-added-by-server");
                return Task.FromResult(new SimpleResponse());
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script, o => o.Interceptors.Add(new HeaderAddingServerInterceptor()));

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal("1", seen);
    }

    [Fact]
    public async Task ServerInterceptor_SetsUserState_ServiceReadsIt()
    {
        object? seen = null;
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                seen = context.UserState.TryGetValue("caller", out var value) ? value : null;
                return Task.FromResult(new SimpleResponse());
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script, o => o.Interceptors.Add(new UserStateInterceptor()));

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal("authenticated-user", seen);
    }

    private sealed class UserStateInterceptor : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            context.UserState["caller"] = "authenticated-user";
            return continuation(request, context);
        }
    }
}
