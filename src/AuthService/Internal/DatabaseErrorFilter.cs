using Grpc.Core;
using Mmo.AuthService.Diagnostics;

namespace Mmo.AuthService.Internal;

/// <summary>Turns a DatabaseService outage (UNAVAILABLE, DEADLINE_EXCEEDED) into a 503 problem instead of a 500.</summary>
internal sealed class DatabaseErrorFilter(ILogger<DatabaseErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted)
        {
            AuthLog.DatabaseUnavailable(logger, ex.StatusCode);
            return Problems.Unavailable();
        }
    }
}
