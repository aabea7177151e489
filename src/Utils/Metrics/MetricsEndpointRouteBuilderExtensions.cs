using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Metrics.Internal;

namespace Mmo.Metrics;

/// <summary>Maps the Prometheus scrape endpoint.</summary>
public static class MetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the collected metrics on GET <paramref name="pattern"/>, as OpenMetrics 1.0 or Prometheus text 0.0.4
    /// according to the Accept header. Returns the endpoint's builder, e.g. to <c>.RequireHost("*:5100")</c> it to
    /// the HTTP port.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="MetricsServiceCollectionExtensions.AddPrometheusMetrics"/> was not called.</exception>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var collector = endpoints.ServiceProvider.GetService<MetricsCollector>()
            ?? throw new InvalidOperationException("MapPrometheusMetrics needs services.AddPrometheusMetrics() at start-up.");
        return endpoints.MapGet(pattern, context => MetricsEndpoint.HandleAsync(context, collector))
            .WithDisplayName("Prometheus metrics");
    }
}
