using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Discovery;
using Mmo.Metrics;
using Mmo.Redis;
using Mmo.Resilience;
using Mmo.ServiceDefaults.Correlation;
using Mmo.ServiceDefaults.Health;
using Mmo.ServiceDefaults.InternalAuth;
using Mmo.ServiceDefaults.Logging;

namespace Mmo.ServiceDefaults;

/// <summary>The one hosting set-up every service shares (the eShop ServiceDefaults shape).</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ServiceOptions"/> and <see cref="InternalAuthOptions"/>, sets up
    /// logging, listens on the gRPC port (HTTP/2 only, TLS when configured) and the HTTP port
    /// (HTTP/1.1), adds the gRPC server, grpc.health.v1 following readiness, and health checks.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceOptions>()
            .BindConfiguration(ServiceOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.GrpcPort != o.HttpPort, "Service:GrpcPort and Service:HttpPort must differ: gRPC needs an HTTP/2-only port.")
            .Validate(o => IPAddress.TryParse(o.BindAddress, out _), "Service:BindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0.")
            .Validate(o => string.IsNullOrEmpty(o.TlsCertificatePath) == string.IsNullOrEmpty(o.TlsKeyPath), "Service:TlsCertificatePath and Service:TlsKeyPath go together: set both (PEM files) for TLS, or neither for cleartext.")
            .Validate(o => string.IsNullOrEmpty(o.TlsCertificatePath) || (File.Exists(o.TlsCertificatePath) && File.Exists(o.TlsKeyPath)), "Service:TlsCertificatePath or Service:TlsKeyPath names a file that does not exist.")
            .ValidateOnStart();
        builder.Services.AddOptions<InternalAuthOptions>()
            .BindConfiguration(InternalAuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        LocalDefaults.AddTo(builder.Configuration);

        // Kestrel and logging are set up before options validation runs, so read a copy here too.
        var service = builder.Configuration.GetSection(ServiceOptions.SectionName).Get<ServiceOptions>() ?? new ServiceOptions();
        LoggingDefaults.Configure(builder, service.LogFormat);
        builder.WebHost.ConfigureKestrel(kestrel => ListenOnServicePorts(kestrel, service));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(service.ShutdownGraceSeconds, 1)));

        builder.Services.AddGrpc();
        builder.Services.AddPrometheusMetrics();
        // "self" answers for the process; it also keeps the readiness publisher running, which has no timer without checks.
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live, HealthTags.Ready]);
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromMilliseconds(100);
            o.Period = TimeSpan.FromSeconds(5);
            o.Predicate = check => check.Tags.Contains(HealthTags.Ready);
        });
        builder.Services.AddSingleton<IHealthCheckPublisher, ReadinessPublisher>();
        builder.Services.AddHostedService<HealthLifecycleService>();
        AddServiceClients(builder);
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddRedis(redis);
        }
        return builder;
    }

    /// <summary>
    /// Adds the correlation and internal-auth middleware, and maps grpc.health.v1 plus /metrics
    /// (Prometheus), /healthz (liveness) and /readyz (readiness) on the HTTP port only.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        var service = app.Services.GetRequiredService<IOptions<ServiceOptions>>().Value;
        var internalAuth = app.Services.GetRequiredService<IOptions<InternalAuthOptions>>().Value;
        if (string.IsNullOrEmpty(internalAuth.Key))
        {
            InternalAuthLog.UsingDevelopmentKey(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mmo.ServiceDefaults"));
        }
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseMiddleware<InternalAuthMiddleware>();

        var httpHost = $"*:{service.HttpPort}";
        app.MapGrpcHealthChecks();
        app.MapPrometheusMetrics("/metrics").RequireHost(httpHost);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live) }).RequireHost(httpHost);
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) }).RequireHost(httpHost);
        return app;
    }

    /// <summary>
    /// Calls to other services (<c>services.AddGrpcServiceClient&lt;Auth.AuthClient&gt;("auth")</c>) are found
    /// through discovery, balanced over every replica, and pass, outermost first: resilience (deadline,
    /// retries, bulkhead; each retry goes through the balancer again), the correlation id, the internal key.
    /// </summary>
    private static void AddServiceClients(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDiscovery();
        services.AddGrpcResilience();
        services.AddSingleton<CorrelationClientInterceptor>();
        services.AddSingleton<InternalAuthClientInterceptor>();
        services.AddGrpcServiceClientInterceptor(sp => sp.GetRequiredService<ResilienceInterceptor>());
        services.AddGrpcServiceClientInterceptor(sp => sp.GetRequiredService<CorrelationClientInterceptor>());
        services.AddGrpcServiceClientInterceptor(sp => sp.GetRequiredService<InternalAuthClientInterceptor>());
    }

    private static void ListenOnServicePorts(KestrelServerOptions kestrel, ServiceOptions service)
    {
        if (service.GrpcPort is < 1 or > 65535 || service.HttpPort is < 1 or > 65535 || !IPAddress.TryParse(service.BindAddress, out var address))
        {
            return; // ValidateOnStart reports the bad setting with its name.
        }
        kestrel.Listen(address, service.GrpcPort, o =>
        {
            o.Protocols = HttpProtocols.Http2;
            if (TlsCertificate.TryLoad(service) is { } certificate)
            {
                o.UseHttps(certificate);
            }
        });
        kestrel.Listen(address, service.HttpPort, o => o.Protocols = HttpProtocols.Http1);
    }
}
