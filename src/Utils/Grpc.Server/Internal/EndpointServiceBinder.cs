using System.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Mmo.Grpc.Server.Internal;

/// <summary>
/// Receives a service's methods from its generated <c>BindService</c> and maps each one as a
/// POST endpoint at <c>/{service}/{method}</c>. The method is called on a service instance got
/// per call, through the configured interceptors.
/// </summary>
internal sealed class EndpointServiceBinder<TService>(IEndpointRouteBuilder endpoints, ServerCallDependencies dependencies) : ServiceBinderBase
    where TService : class
{
    private readonly ServiceActivator<TService> _activator = new();

    public List<IEndpointConventionBuilder> Endpoints { get; } = [];

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var call = CreateDelegate<Func<TService, TRequest, ServerCallContext, Task<TResponse>>>(method, typeof(TRequest), typeof(ServerCallContext));
        UnaryServerMethod<TRequest, TResponse> invoker = (request, context) =>
        {
            var (service, created) = _activator.Create(((ServerCall)context).HttpContext.RequestServices);
            return created ? CallAndReleaseAsync(call, service, request, context) : call(service, request, context);
        };
        foreach (var registration in dependencies.Options.Interceptors.Reverse())
        {
            var next = invoker;
            invoker = (request, context) => InterceptorResolver.Resolve(registration, context).UnaryServerHandler(request, context, next);
        }
        Map(method, new UnaryCallHandler<TRequest, TResponse>(method, invoker, dependencies));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var call = CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>(method, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        ClientStreamingServerMethod<TRequest, TResponse> invoker = (requests, context) =>
        {
            var (service, created) = _activator.Create(((ServerCall)context).HttpContext.RequestServices);
            return created ? CallAndReleaseAsync(call, service, requests, context) : call(service, requests, context);
        };
        foreach (var registration in dependencies.Options.Interceptors.Reverse())
        {
            var next = invoker;
            invoker = (requests, context) => InterceptorResolver.Resolve(registration, context).ClientStreamingServerHandler(requests, context, next);
        }
        Map(method, new ClientStreamingCallHandler<TRequest, TResponse>(method, invoker, dependencies));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var call = CreateDelegate<Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>(method, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        ServerStreamingServerMethod<TRequest, TResponse> invoker = (request, responses, context) =>
        {
            var (service, created) = _activator.Create(((ServerCall)context).HttpContext.RequestServices);
            return created ? CallAndReleaseAsync(call, service, request, responses, context) : call(service, request, responses, context);
        };
        foreach (var registration in dependencies.Options.Interceptors.Reverse())
        {
            var next = invoker;
            invoker = (request, responses, context) => InterceptorResolver.Resolve(registration, context).ServerStreamingServerHandler(request, responses, context, next);
        }
        Map(method, new ServerStreamingCallHandler<TRequest, TResponse>(method, invoker, dependencies));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var call = CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>>(method, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        DuplexStreamingServerMethod<TRequest, TResponse> invoker = (requests, responses, context) =>
        {
            var (service, created) = _activator.Create(((ServerCall)context).HttpContext.RequestServices);
            return created ? CallAndReleaseAsync(call, service, requests, responses, context) : call(service, requests, responses, context);
        };
        foreach (var registration in dependencies.Options.Interceptors.Reverse())
        {
            var next = invoker;
            invoker = (requests, responses, context) => InterceptorResolver.Resolve(registration, context).DuplexStreamingServerHandler(requests, responses, context, next);
        }
        Map(method, new DuplexStreamingCallHandler<TRequest, TResponse>(method, invoker, dependencies));
    }

    private void Map(IMethod method, ServerCallHandler handler)
    {
        var endpoint = endpoints.MapPost(method.FullName, handler.HandleCallAsync)
            .WithMetadata(new ServerMethodInfo(method))
            .WithDisplayName($"gRPC - {method.FullName}");
        Endpoints.Add(endpoint);
    }

    /// <summary>An open-instance delegate to the service's method, so one delegate serves every instance.</summary>
    private static TDelegate CreateDelegate<TDelegate>(IMethod method, params Type[] parameterTypes)
        where TDelegate : Delegate
    {
        var info = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameterTypes)
            ?? throw new InvalidOperationException($"{typeof(TService)} has no method {method.Name} for {method.FullName}.");
        return info.CreateDelegate<TDelegate>();
    }

    // The method is called inside the try: one that throws before returning its task (as generated
    // UNIMPLEMENTED bases do) must not leak the instance created for the call.
    private static async Task<TResult> CallAndReleaseAsync<TArg, TResult>(Func<TService, TArg, ServerCallContext, Task<TResult>> call, TService service, TArg arg, ServerCallContext context)
    {
        try
        {
            return await call(service, arg, context).ConfigureAwait(false);
        }
        finally
        {
            await ServiceActivator<TService>.ReleaseAsync(service, created: true).ConfigureAwait(false);
        }
    }

    private static async Task CallAndReleaseAsync<TArg1, TArg2>(Func<TService, TArg1, TArg2, ServerCallContext, Task> call, TService service, TArg1 arg1, TArg2 arg2, ServerCallContext context)
    {
        try
        {
            await call(service, arg1, arg2, context).ConfigureAwait(false);
        }
        finally
        {
            await ServiceActivator<TService>.ReleaseAsync(service, created: true).ConfigureAwait(false);
        }
    }
}
