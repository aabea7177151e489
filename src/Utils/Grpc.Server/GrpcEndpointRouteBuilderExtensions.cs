using System.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Grpc.Server.Health;
using Mmo.Grpc.Server.Internal;

// In the builder namespace, like other MapXxx() extensions, so callers need no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps gRPC services as endpoints.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of <typeparamref name="TService"/>, a class deriving from a generated
    /// <c>XxxBase</c>. An instance is taken from DI when registered there, otherwise created per call.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = services.GetService<IOptions<Mmo.Grpc.Server.GrpcServiceOptions>>()?.Value
            ?? throw new InvalidOperationException("Call services.AddGrpc() before MapGrpcService<T>().");
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Mmo.Grpc.Server");
        var metrics = services.GetRequiredService<Mmo.Grpc.Server.GrpcServerMetrics>();
        var binder = new EndpointServiceBinder<TService>(endpoints, new ServerCallDependencies(options, logger, metrics.Calls));
        FindBindMethod(typeof(TService)).Invoke(null, [binder, null]);
        UnimplementedEndpoints.MapOnce(endpoints, logger);
        return new CompositeConventionBuilder(binder.Endpoints);
    }

    /// <summary>Maps grpc.health.v1.Health, whose statuses the host sets through <see cref="HealthStatusRegistry"/>.</summary>
    public static IEndpointConventionBuilder MapGrpcHealthChecks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<HealthGrpcService>();

    private static MethodInfo FindBindMethod(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                return attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    .FirstOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [{ ParameterType: var p0 }, _] && p0 == typeof(ServiceBinderBase))
                    ?? throw new InvalidOperationException($"{attribute.BindType} has no method {attribute.BindMethodName}(ServiceBinderBase, ...).");
            }
        }
        throw new InvalidOperationException($"{serviceType} is not a gRPC service: it does not derive from a generated service base class.");
    }

    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
