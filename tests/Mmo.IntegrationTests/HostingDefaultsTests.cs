using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Mmo.Grpc.Client;
using Mmo.Testing.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.IntegrationTests;

/// <summary>What every service gets from the shared hosting defaults, seen from outside the process.</summary>
public class HostingDefaultsTests
{
    private const string TestKey = "integration-test-internal-key-0123456789abcdef";

    [Fact]
    public async Task InternalCall_WithoutKey_IsUnauthenticated()
    {
        await using var process = ServiceProcess.Start("CharacterService", new Dictionary<string, string> { ["InternalAuth__Key"] = TestKey });
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        await StartupWait.UntilServingAsync(process, new Health.HealthClient(channel));
        var client = new Interop.InteropClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task InternalCall_WithKey_PassesAuthentication()
    {
        await using var process = ServiceProcess.Start("CharacterService", new Dictionary<string, string> { ["InternalAuth__Key"] = TestKey });
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        await StartupWait.UntilServingAsync(process, new Health.HealthClient(channel));
        var client = new Interop.InteropClient(channel);
        var headers = new Metadata { { "x-internal-key", TestKey } };

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), headers, DateTime.UtcNow.AddSeconds(5)).ResponseAsync);

        // The service does not serve the test contract: getting that far proves the key was accepted.
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task Service_ShortInternalKey_ExitsNamingTheSetting()
    {
        await using var process = ServiceProcess.Start("AuthService", new Dictionary<string, string> { ["InternalAuth__Key"] = "short" });

        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("InternalAuth:Key", process.Output);
    }

    [Fact]
    public async Task HttpRequest_WithCorrelationId_EchoesIt()
    {
        await using var process = ServiceProcess.Start("WorldService");
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        await StartupWait.UntilServingAsync(process, new Health.HealthClient(channel));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(process.HttpAddress, "/healthz"));
        request.Headers.Add("x-correlation-id", "test-correlation-41");

        var response = await http.SendAsync(request);

        Assert.Equal("test-correlation-41", response.Headers.GetValues("x-correlation-id").Single());
    }

    [Fact]
    public async Task GrpcCall_WithCorrelationId_ItsLogLinesCarryItAsJson()
    {
        await using var process = ServiceProcess.Start("WorldService", new Dictionary<string, string> { ["Service__LogFormat"] = "Json" });
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        await StartupWait.UntilServingAsync(process, new Health.HealthClient(channel));
        var client = new Interop.InteropClient(channel);

        // No internal key: the service logs a warning while handling the call.
        await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest(), new Metadata { { "x-correlation-id", "test-correlation-42" } }, DateTime.UtcNow.AddSeconds(5)).ResponseAsync);
        var logged = await PollAsync(() => process.Output.Contains("test-correlation-42", StringComparison.Ordinal));

        Assert.True(logged, $"No log line carried the correlation id:\n{process.Output}");
        var line = process.Output.Split('\n').First(l => l.Contains("test-correlation-42", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        var scopes = json.RootElement.GetProperty("Scopes").EnumerateArray();
        Assert.Contains(scopes, scope => scope.TryGetProperty("CorrelationId", out var id) && id.GetString() == "test-correlation-42");
    }

    [Fact]
    public async Task HttpRequest_WithMalformedCorrelationId_GetsANewOne()
    {
        await using var process = ServiceProcess.Start("WorldService");
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        await StartupWait.UntilServingAsync(process, new Health.HealthClient(channel));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(process.HttpAddress, "/healthz"));
        request.Headers.TryAddWithoutValidation("x-correlation-id", new string('x', 200));

        var response = await http.SendAsync(request);

        var id = response.Headers.GetValues("x-correlation-id").Single();
        Assert.Equal(32, id.Length);
    }

    [Fact]
    public async Task Shutdown_TurnsHealthNotServingBeforeExit()
    {
        await using var process = ServiceProcess.Start("PacketService", new Dictionary<string, string> { ["Service__DrainDelaySeconds"] = "2" });
        using var channel = GrpcChannel.ForAddress(process.GrpcAddress);
        var health = new Health.HealthClient(channel);
        await StartupWait.UntilServingAsync(process, health);
        using var watch = health.Watch(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);

        process.Interrupt();
        var sawNotServing = false;
        try
        {
            while (await watch.ResponseStream.MoveNext(CancellationToken.None))
            {
                if (watch.ResponseStream.Current.Status == ServingStatus.NotServing)
                {
                    sawNotServing = true;
                    break;
                }
            }
        }
        catch (RpcException)
        {
            // The stream ends when the server stops; what matters is what was seen before.
        }
        await process.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(sawNotServing, $"Health never turned NOT_SERVING during shutdown:\n{process.Output}");
        Assert.Equal(0, process.ExitCode);
    }

    private static async Task<bool> PollAsync(Func<bool> condition)
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow >= giveUpAt)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
