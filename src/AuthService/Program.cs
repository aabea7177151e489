using Mmo.AuthService;
using Mmo.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAuthService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAuthService();
app.Run();

/// <summary>Public so that in-memory test hosts (WebApplicationFactory) can start this service.</summary>
public partial class Program;
