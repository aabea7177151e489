using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Mmo.DatabaseService;
using Mmo.ServiceDefaults;

namespace Mmo.DatabaseBench;

/// <summary>The DatabaseService composed as Program.cs does, on free loopback ports in this process.</summary>
internal static class InProcessService
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(string connectionString)
    {
        var grpcPort = FreePort();
        var builder = WebApplication.CreateBuilder([
            $"--Service:GrpcPort={grpcPort}", $"--Service:HttpPort={FreePort()}", "--Service:Name=database",
            $"--ConnectionStrings:Postgres={connectionString}", "--Database:MaxBatchSize=10000",
        ]);
        builder.AddServiceDefaults();
        builder.AddDatabaseService();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapDatabaseService();
        await app.StartAsync();
        return (app, new Uri($"http://127.0.0.1:{grpcPort}"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
