using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mmo.ServiceDefaults;

/// <summary>The one hosting set-up every service shares (the eShop ServiceDefaults shape).</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ServiceOptions"/>, listens on the gRPC port (HTTP/2 only) and
    /// the HTTP port (HTTP/1.1), adds the gRPC server with grpc.health.v1 and HTTP health checks,
    /// and turns health to NOT_SERVING as soon as shutdown starts.
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

        // Kestrel reads its endpoints before options validation runs, so bind a copy here too.
        var service = builder.Configuration.GetSection(ServiceOptions.SectionName).Get<ServiceOptions>() ?? new ServiceOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
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
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(service.ShutdownGraceSeconds, 1)));

        builder.Services.AddGrpc();
        builder.Services.AddHealthChecks();
        builder.Services.AddHostedService<HealthLifecycleService>();
        return builder;
    }

    /// <summary>Maps grpc.health.v1 and /healthz, /readyz (on the HTTP port only).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        var service = app.Services.GetRequiredService<IOptions<ServiceOptions>>().Value;
        app.MapGrpcHealthChecks();
        app.MapHealthChecks("/healthz").RequireHost($"*:{service.HttpPort}");
        app.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = _ => true,
        }).RequireHost($"*:{service.HttpPort}");
        return app;
    }
}
