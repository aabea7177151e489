using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Diagnostics;
using Mmo.DatabaseService.Features.Accounts;
using Mmo.DatabaseService.Features.Characters;
using Mmo.DatabaseService.Features.ExternalAuth;
using Mmo.DatabaseService.Features.Sessions;
using Mmo.DatabaseService.Features.Tickets;
using Mmo.DatabaseService.Grpc;
using Mmo.DatabaseService.Internal;
using Mmo.DatabaseService.Migrations;
using Mmo.Grpc.Server;
using Mmo.ServiceDefaults.Health;
using Npgsql;

namespace Mmo.DatabaseService;

/// <summary>The DatabaseService's composition: options, PostgreSQL, EF Core, migrations, stores, the error interceptor, readiness and the gRPC services.</summary>
public static class DatabaseServiceExtensions
{
    /// <summary>Registers everything the service needs; call after <c>AddServiceDefaults()</c>.</summary>
    public static WebApplicationBuilder AddDatabaseService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PostgresConnectionOptions>()
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString("Postgres"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PostgresConnectionOptions>, PostgresConnectionOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(CreateDataSource);
        services.AddDbContextPool<MmoDbContext>(ConfigureDbContext);
        services.AddSingleton<SchemaStatus>();
        services.AddSingleton(sp => new Migrator(sp.GetRequiredService<NpgsqlDataSource>(), EmbeddedMigrations.Load(), sp.GetRequiredService<ILogger<Migrator>>()));
        services.AddHostedService<MigrationHostedService>();

        services.AddScoped<AccountStore>();
        services.AddScoped<SessionStore>();
        services.AddScoped<TicketStore>();
        services.AddScoped<CharacterStore>();
        services.AddSingleton<CharacterStateWriter>();
        services.AddSingleton<ExternalAuthStore>();

        services.AddSingleton<DatabaseMetrics>();
        services.AddSingleton<DataErrorInterceptor>();
        services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<DataErrorInterceptor>());
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>Maps the data API: Accounts, Sessions, Tickets, Characters and ExternalAuth of mmo.database.v1.</summary>
    public static WebApplication MapDatabaseService(this WebApplication app)
    {
        app.MapGrpcService<AccountsGrpcService>();
        app.MapGrpcService<SessionsGrpcService>();
        app.MapGrpcService<TicketsGrpcService>();
        app.MapGrpcService<CharactersGrpcService>();
        app.MapGrpcService<ExternalAuthGrpcService>();
        return app;
    }

    private static NpgsqlDataSource CreateDataSource(IServiceProvider services)
    {
        var connection = services.GetRequiredService<IOptions<PostgresConnectionOptions>>().Value;
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        builder.ConnectionStringBuilder.CommandTimeout = options.CommandTimeoutSeconds;
        builder.ConnectionStringBuilder.ApplicationName ??= "mmo-database";
        builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        return builder.Build();
    }

    private static void ConfigureDbContext(IServiceProvider services, DbContextOptionsBuilder options)
    {
        options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>());
        // Failures are mapped to statuses and logged once by DataErrorInterceptor; EF's own Error lines would
        // turn every taken name (ALREADY_EXISTS) into an error log.
        options.ConfigureWarnings(w => w.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (RelationalEventId.TransactionError, LogLevel.Debug)));
    }
}
