using System.Globalization;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Server.Internal;

/// <summary>
/// Answers gRPC calls to unknown services and methods with UNIMPLEMENTED (HTTP 200, trailers-only),
/// as the protocol asks, instead of a 404. Mapped once per route builder; the routes have
/// parameters, so the literal routes of real methods always win.
/// </summary>
internal static class UnimplementedEndpoints
{
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> Mapped = [];

    public static void MapOnce(IEndpointRouteBuilder endpoints, ILogger logger)
    {
        if (!Mapped.TryAdd(endpoints, new object()))
        {
            return;
        }
        RequestDelegate handler = context =>
        {
            if (!GrpcProtocol.IsGrpcContentType(context.Request.ContentType))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            ServerLog.Unimplemented(logger, context.Request.Path);
            var response = context.Response;
            response.ContentType = GrpcProtocol.ContentType;
            response.Headers[GrpcProtocol.StatusTrailer] = ((int)StatusCode.Unimplemented).ToString(CultureInfo.InvariantCulture);
            response.Headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode($"Method {context.Request.Path} is not implemented.");
            return Task.CompletedTask;
        };
        endpoints.MapPost("{unimplementedService}/{unimplementedMethod}", handler).WithDisplayName("gRPC - unimplemented method");
    }
}
