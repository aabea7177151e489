using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mmo.ServiceDefaults.InternalAuth;

/// <summary>
/// Refuses gRPC calls on the gRPC port that lack the internal key, with UNAUTHENTICATED, before the
/// request body is read. grpc.health.v1 stays open for probes and Consul checks.
/// </summary>
internal sealed class InternalAuthMiddleware(RequestDelegate next, IOptions<InternalAuthOptions> options, IOptions<ServiceOptions> service, ILogger<InternalAuthMiddleware> logger)
{
    private const string HealthPrefix = "/grpc.health.v1.Health/";
    private readonly InternalKeyComparer _comparer = new(options.Value.EffectiveKey);
    private readonly bool _enabled = options.Value.Enabled;
    private readonly int _grpcPort = service.Value.GrpcPort;

    public Task InvokeAsync(HttpContext context)
    {
        if (!_enabled
            || context.Connection.LocalPort != _grpcPort
            || context.Request.Path.StartsWithSegments(HealthPrefix.TrimEnd('/'), StringComparison.Ordinal)
            || _comparer.Matches(context.Request.Headers[InternalAuthOptions.HeaderName].FirstOrDefault()))
        {
            return next(context);
        }
        InternalAuthLog.Rejected(logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var response = context.Response;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)StatusCode.Unauthenticated).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = "Missing or invalid internal credential.";
        return Task.CompletedTask;
    }
}
