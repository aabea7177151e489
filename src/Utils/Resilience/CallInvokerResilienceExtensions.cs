using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Mmo.Resilience;

/// <summary>Puts the <see cref="ResilienceInterceptor"/> in front of a call invoker.</summary>
public static class CallInvokerResilienceExtensions
{
    /// <summary>
    /// Wraps <paramref name="invoker"/> with the interceptor registered by
    /// <see cref="GrpcResilienceServiceCollectionExtensions.AddGrpcResilience"/>. Wrap last, after any per-attempt
    /// interceptors (auth, correlation id), so that it runs first and each retry passes through them again.
    /// </summary>
    public static CallInvoker WithResilience(this CallInvoker invoker, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(services);
        return invoker.Intercept(services.GetRequiredService<ResilienceInterceptor>());
    }

    /// <summary>Wraps <paramref name="channel"/>'s invoker; see <see cref="WithResilience(CallInvoker, IServiceProvider)"/>.</summary>
    public static CallInvoker WithResilience(this ChannelBase channel, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.CreateCallInvoker().WithResilience(services);
    }
}
