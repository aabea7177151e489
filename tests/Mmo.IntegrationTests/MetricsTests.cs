using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Health.V1;
using Mmo.Grpc.Client;

namespace Mmo.IntegrationTests;

/// <summary>Every service's /metrics is valid Prometheus text with gRPC series, and a real Prometheus scrapes it.</summary>
public class MetricsTests
{
    [Theory]
    [MemberData(nameof(ServiceStartupTests.Services), MemberType = typeof(ServiceStartupTests))]
    public async Task Metrics_AfterGrpcCalls_PassPromtoolAndHaveGrpcSeries(string service)
    {
        await using var process = await ServiceProcess.StartAsync(service);
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        await StartupWait.UntilServingAsync(process, new Health.HealthClient(channel));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var text = await http.GetStringAsync(new Uri(process.HttpAddress, "/metrics"));
        var promtool = await Tools.RunAsync(Tools.Require("promtool", "prometheus"), "check metrics", text);

        Assert.True(promtool.ExitCode == 0 && promtool.Output.Length == 0, $"promtool exited {promtool.ExitCode}: {promtool.Output}\n--- scrape ---\n{text}");
        Assert.Contains("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Check\",grpc_service=\"grpc.health.v1.Health\",grpc_type=\"unary\"}", text);
        Assert.Contains("grpc_server_handling_seconds_bucket{", text);
        Assert.Contains("grpc_server_started_total{", text);
        Assert.Contains("grpc_server_msg_received_total{", text);
        Assert.Contains("grpc_server_msg_sent_total{", text);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("dotnet_gc_collections_total", text);
    }

    [Fact]
    public async Task Prometheus_ScrapingAService_ReturnsItsGrpcSeries()
    {
        await using var process = ServiceProcess.Start("AuthService");
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        await StartupWait.UntilServingAsync(process, new Health.HealthClient(channel));
        var dir = Directory.CreateTempSubdirectory("mmo-prometheus-").FullName;
        var port = FreePort();
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: auth
                static_configs:
                  - targets: ['127.0.0.1:{process.HttpPort}']
            """);
        using var prometheus = Process.Start(new ProcessStartInfo(Tools.Require("prometheus", "prometheus"),
            [$"--config.file={dir}/prometheus.yml", $"--storage.tsdb.path={dir}/data", $"--web.listen-address=127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var query = Uri.EscapeDataString("grpc_server_handled_total{job=\"auth\",grpc_method=\"Check\",grpc_code=\"OK\"}");
            var giveUpAt = DateTime.UtcNow.AddSeconds(60);
            var found = false;
            string? last = null;
            while (!found && DateTime.UtcNow < giveUpAt)
            {
                try
                {
                    last = await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query={query}");
                    using var json = JsonDocument.Parse(last);
                    found = json.RootElement.GetProperty("data").GetProperty("result").GetArrayLength() > 0;
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
                if (!found)
                {
                    await Task.Delay(250);
                }
            }

            Assert.True(found, $"Prometheus never returned the series; last answer: {last}");
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
