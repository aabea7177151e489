using Microsoft.Extensions.DependencyInjection.Extensions;
using Mmo.AuthService.Diagnostics;
using Mmo.AuthService.Features.Accounts;
using Mmo.AuthService.Features.BruteForce;
using Mmo.AuthService.Features.External;
using Mmo.AuthService.Features.Realms;
using Mmo.AuthService.Features.Sessions;
using Mmo.AuthService.Features.Tickets;
using Mmo.AuthService.Grpc;
using Mmo.AuthService.Internal;
using Mmo.Discovery;
using Mmo.Grpc.Server;
using Db = Mmo.Database.V1;

namespace Mmo.AuthService;

/// <summary>The AuthService's composition: options, DatabaseService clients, the public API and the gRPC service.</summary>
public static class AuthServiceExtensions
{
    /// <summary>Registers everything the service needs; call after <c>AddServiceDefaults()</c>.</summary>
    public static WebApplicationBuilder AddAuthService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();

        services.AddGrpcServiceClient<Db.Accounts.AccountsClient>("database");
        services.AddGrpcServiceClient<Db.Sessions.SessionsClient>("database");
        services.AddGrpcServiceClient<Db.Tickets.TicketsClient>("database");
        services.AddGrpcServiceClient<Db.ExternalAuth.ExternalAuthClient>("database");

        services.AddSingleton<AuthMetrics>();
        services.AddSingleton<PasswordService>();
        services.AddSingleton<ValidationCache>();
        services.AddSingleton<SessionIssuer>();
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<ExternalSessionResolver>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<DatabaseErrorFilter>();
        services.AddSingleton<AuthGrpcService>();
        return builder;
    }

    /// <summary>Maps the public JSON API under /api/v1 and the mmo.auth.v1.Auth gRPC service.</summary>
    public static WebApplication MapAuthService(this WebApplication app)
    {
        app.UseStatusCodePages();
        var api = app.MapGroup("/api/v1").AddEndpointFilter<DatabaseErrorFilter>();
        api.MapAccounts().MapSessions().MapTickets().MapRealms();
        app.MapGrpcService<AuthGrpcService>();
        return app;
    }
}
