using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Metrics.Internal;

namespace Mmo.Metrics;

/// <summary>Registers the Prometheus exporter.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="MetricsCollector"/>, started with the host, and its <see cref="MetricsOptions"/> from the
    /// <c>Metrics</c> configuration section, validated at start-up. <paramref name="configure"/> runs first, so
    /// configuration (appsettings, <c>Metrics__...</c> variables) can still change what code set; lists are added to.
    /// Serve the result with <see cref="MetricsEndpointRouteBuilderExtensions.MapPrometheusMetrics"/>.
    /// </summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, Action<MetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>());

        // The built-in meters (hosting, Kestrel, routing) come from the host's IMeterFactory; make sure there is one.
        services.AddMetrics();
        services.TryAddSingleton(provider => new MetricsCollector(
            provider.GetRequiredService<IOptions<MetricsOptions>>().Value,
            provider.GetRequiredService<IMeterFactory>(),
            provider.GetRequiredService<ILogger<MetricsCollector>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MetricsCollectorStarter>());
        return services;
    }
}
