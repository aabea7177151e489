using Mmo.CharacterService;
using Mmo.CharacterService.Grpc;
using Mmo.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCharacterService();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<CharactersGrpcService>();
app.Run();

/// <summary>Public so that in-memory test hosts (WebApplicationFactory) can start this service.</summary>
public partial class Program;
