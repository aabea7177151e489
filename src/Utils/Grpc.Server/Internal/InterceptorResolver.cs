using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Mmo.Grpc.Server.Internal;

/// <summary>Finds the interceptor instance of a registration for one call.</summary>
internal static class InterceptorResolver
{
    public static Interceptor Resolve(InterceptorRegistration registration, ServerCallContext context)
    {
        if (registration.Instance is { } instance)
        {
            return instance;
        }
        var services = ((ServerCall)context).HttpContext.RequestServices;
        return (Interceptor)ActivatorUtilities.GetServiceOrCreateInstance(services, registration.Type!);
    }
}
