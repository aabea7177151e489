using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Mmo.DatabaseService.Migrations;
using Npgsql;

namespace Mmo.DatabaseService.Internal;

/// <summary>
/// Readiness: PostgreSQL answers a query within <see cref="DatabaseOptions.HealthCheckTimeoutSeconds"/>
/// and the schema is up to date. Drives /readyz and grpc.health.v1, so balancers stop sending data calls
/// while the database is away, and send them again once it is back.
/// </summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, SchemaStatus schema, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeoutSeconds = options.Value.HealthCheckTimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            command.CommandTimeout = timeoutSeconds;
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception ex) when (PostgresErrorClassifier.IsUnavailable(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {ex.Message}");
        }
        try
        {
            // At start-up the migrations usually finish within moments: wait for them rather than report a blip.
            await schema.WhenReady.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL answers, but the schema is not up to date yet (migrations pending).");
        }
        return HealthCheckResult.Healthy("PostgreSQL answers and the schema is up to date.");
    }
}
