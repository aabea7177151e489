using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Resilience.Diagnostics;
using Mmo.Resilience.Internal;

namespace Mmo.Resilience;

/// <summary>Registers the resilience of outgoing gRPC calls.</summary>
public static class GrpcResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ResilienceInterceptor"/> (a singleton), the <see cref="GrpcPolicyResolver"/>, and the
    /// <see cref="GrpcResilienceOptions"/> from the <c>Resilience</c> configuration section, validated at start-up
    /// together with the policies <paramref name="configure"/> declares in code. Call it as often as needed (service
    /// defaults, then each service's own client registrations): code policies accumulate.
    /// Wrap an invoker with <see cref="CallInvokerResilienceExtensions.WithResilience(CallInvoker, IServiceProvider)"/>.
    /// </summary>
    public static IServiceCollection AddGrpcResilience(this IServiceCollection services, Action<GrpcResiliencePolicies>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.AddOptions<GrpcResiliencePolicies>();
        services.AddOptions<GrpcResilienceOptions>()
            .BindConfiguration(GrpcResilienceOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrpcResilienceOptions>, GrpcResilienceOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrpcPolicyResolver>();
        services.TryAddSingleton(provider => new ResilienceMetrics(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(provider => new ResiliencePlans(
            provider.GetRequiredService<GrpcPolicyResolver>(),
            provider.GetRequiredService<ResilienceMetrics>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ResilienceInterceptor)),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new ResilienceInterceptor(provider.GetRequiredService<ResiliencePlans>()));
        return services;
    }
}
