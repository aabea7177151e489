using Grpc.Core;
using Grpc.Health.V1;
using Mmo.Grpc.Client;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.Launcher.Features.Health;

/// <summary>Checks every service's grpc.health.v1 status and prints one line per service.</summary>
internal static class HealthCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var host = "127.0.0.1";
        var wait = TimeSpan.Zero;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case "--wait" when i + 1 < args.Length && int.TryParse(args[i + 1], out var seconds) && seconds >= 0:
                    wait = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"health: unknown or incomplete option '{args[i]}'.");
                    return 2;
            }
        }
        var giveUpAt = DateTime.UtcNow + wait;
        while (true)
        {
            var results = await Task.WhenAll(ClusterEndpoints.Defaults.Select(e => CheckAsync(host, e.Service, e.GrpcPort)));
            var allServing = results.All(r => r.Status == ServingStatus.Serving.ToString());
            if (allServing || DateTime.UtcNow >= giveUpAt)
            {
                foreach (var (service, address, status) in results)
                {
                    Console.WriteLine($"{service,-18} {address,-24} {status}");
                }
                return allServing ? 0 : 1;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<(string Service, string Address, string Status)> CheckAsync(string host, string service, int port)
    {
        var address = $"http://{host}:{port}";
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { ConnectTimeout = TimeSpan.FromSeconds(2) });
        var client = new global::Grpc.Health.V1.Health.HealthClient(channel);
        try
        {
            var response = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(3));
            return (service, address, response.Status.ToString());
        }
        catch (RpcException ex)
        {
            return (service, address, $"{ex.StatusCode}: {ex.Status.Detail}");
        }
    }
}
