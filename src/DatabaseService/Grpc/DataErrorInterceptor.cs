using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Mmo.DatabaseService.Diagnostics;
using Mmo.DatabaseService.Migrations;
using Npgsql;

namespace Mmo.DatabaseService.Grpc;

/// <summary>
/// The one place data calls get their error status: domain and database exceptions become exact gRPC
/// statuses (see <see cref="DataErrorStatus"/>), so handlers have no try/catch. Also refuses data calls
/// with UNAVAILABLE until the schema is up to date. When PostgreSQL is unreachable the connection pool
/// is cleared, so that after a restart no call trips over a dead pooled connection: new ones are opened
/// and the service recovers by itself.
/// </summary>
internal sealed class DataErrorInterceptor(SchemaStatus schema, NpgsqlDataSource dataSource, DatabaseMetrics metrics, ILogger<DataErrorInterceptor> logger) : Interceptor
{
    private const string DataApiPrefix = "/mmo.database.v1.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!context.Method.StartsWith(DataApiPrefix, StringComparison.Ordinal))
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        if (!schema.IsReady)
        {
            DatabaseLog.SchemaNotReady(logger, context.Method);
            metrics.Error(StatusCode.Unavailable);
            throw new RpcException(new Status(StatusCode.Unavailable, "The database schema is not ready yet; retry later."));
        }
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException && !context.CancellationToken.IsCancellationRequested
                                   && DataErrorStatus.TryCreate(ex, out var status, out var trailers, out var constraint))
        {
            Report(context.Method, ex, status, constraint);
            throw new RpcException(status, trailers);
        }
    }

    private void Report(string method, Exception exception, Status status, string? constraint)
    {
        metrics.Error(status.StatusCode);
        switch (status.StatusCode)
        {
            case StatusCode.Unavailable:
                DatabaseLog.Unavailable(logger, method, exception.Message, exception);
                dataSource.Clear();
                break;
            case StatusCode.InvalidArgument when constraint is not null:
                // Input validation should have caught it before the database did: worth a look.
                DatabaseLog.RuleViolated(logger, method, constraint, status.StatusCode);
                break;
            default:
                DatabaseLog.Mapped(logger, method, status.StatusCode, status.Detail);
                break;
        }
    }
}
