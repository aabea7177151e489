using Grpc.Health.V1;
using Mmo.Grpc.Client;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.IntegrationTests;

/// <summary>Each service, as built, starts on its ports, reports SERVING, and stops cleanly on Ctrl-C.</summary>
public class ServiceStartupTests
{
    public static TheoryData<string> Services => new() { "AuthService", "CharacterService", "DatabaseService", "WorldService", "PacketService" };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Service_Started_ServesHealthAndStopsOnCtrlC(string service)
    {
        await using var process = await ServiceProcess.StartAsync(service);

        var status = await WaitForServingAsync(process);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var healthz = await http.GetAsync(new Uri(process.HttpAddress, "/healthz"));
        var readyz = await http.GetAsync(new Uri(process.HttpAddress, "/readyz"));
        process.Interrupt();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(ServingStatus.Serving, status);
        Assert.Equal(System.Net.HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, readyz.StatusCode);
        Assert.True(process.ExitCode == 0, $"{service} exited with {process.ExitCode}:\n{process.Output}");
    }

    [Fact]
    public async Task Service_InvalidPortSetting_ExitsNamingTheSetting()
    {
        await using var process = ServiceProcess.Start("AuthService", new Dictionary<string, string> { ["Service__GrpcPort"] = "70000" });

        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("Service:GrpcPort", process.Output);
    }

    private static async Task<ServingStatus> WaitForServingAsync(ServiceProcess process)
    {
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        var client = new Health.HealthClient(channel);
        return await StartupWait.UntilServingAsync(process, client);
    }
}
