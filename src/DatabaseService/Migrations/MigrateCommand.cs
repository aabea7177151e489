using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.DatabaseService.Diagnostics;

namespace Mmo.DatabaseService.Migrations;

/// <summary>
/// <c>dotnet Mmo.DatabaseService.dll migrate</c>: applies pending migrations and exits (0 done, 1 failed)
/// without starting the server, e.g. as a Kubernetes Job or a deploy step before rolling out replicas
/// that run with <c>Database__MigrateOnStartup=false</c>.
/// </summary>
internal static class MigrateCommand
{
    public static bool IsRequested(string[] args) => args is ["migrate", ..];

    public static async Task<int> RunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mmo.DatabaseService.Migrate");
        try
        {
            _ = app.Services.GetRequiredService<IOptions<PostgresConnectionOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(timeout.Token);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                MigrationLog.InvalidConfiguration(logger, failure);
            }
            return 1;
        }
        catch (MigrationException ex)
        {
            MigrationLog.Refused(logger, ex.Message);
            return 1;
        }
        catch (Exception ex)
        {
            MigrationLog.Failed(logger, ex);
            return 1;
        }
        finally
        {
            // Flushes the console logger before the process ends.
            await app.DisposeAsync();
        }
    }
}
