using Mmo.DatabaseService;
using Mmo.DatabaseService.Migrations;
using Mmo.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDatabaseService();

var app = builder.Build();
if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(app);
}
app.MapDefaultEndpoints();
app.MapDatabaseService();
app.Run();
return Environment.ExitCode; // 1 when start-up migrations were refused (see MigrationHostedService)

/// <summary>Public so that in-memory test hosts (WebApplicationFactory) can start this service.</summary>
public partial class Program;
