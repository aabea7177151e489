using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.DatabaseService.Diagnostics;
using Mmo.DatabaseService.Internal;

namespace Mmo.DatabaseService.Migrations;

/// <summary>
/// Brings the schema up to date at start-up without blocking it: the service listens at once but stays
/// not ready (and answers data calls with UNAVAILABLE) until the migrations are applied, or, with
/// <see cref="DatabaseOptions.MigrateOnStartup"/> off, until someone else has applied them. While
/// PostgreSQL is unreachable it retries with back-off; a refused history (edited migration) stops the
/// service with exit code 1.
/// </summary>
internal sealed class MigrationHostedService(
    Migrator migrator, SchemaStatus status, IOptions<DatabaseOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<MigrationHostedService> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await TryBringUpToDateAsync(retry, stoppingToken))
                {
                    status.MarkReady();
                    return;
                }
            }
            catch (Exception ex) when (PostgresErrorClassifier.IsUnavailable(ex) && !stoppingToken.IsCancellationRequested)
            {
                MigrationLog.DatabaseUnreachable(logger, retry.TotalSeconds, ex);
            }
            catch (MigrationException ex)
            {
                MigrationLog.Refused(logger, ex.Message);
                Stop();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                MigrationLog.Failed(logger, ex);
                Stop();
                return;
            }
            await Task.Delay(retry, time, stoppingToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }

    private async Task<bool> TryBringUpToDateAsync(TimeSpan retry, CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken);
            return true;
        }
        var pending = await migrator.GetPendingAsync(cancellationToken);
        if (pending.Count > 0)
        {
            MigrationLog.Pending(logger, pending.Count, retry.TotalSeconds);
        }
        return pending.Count == 0;
    }

    private void Stop()
    {
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }
}
