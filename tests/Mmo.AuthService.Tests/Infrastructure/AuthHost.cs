using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Mmo.Grpc.Client;

namespace Mmo.AuthService.Tests.Infrastructure;

/// <summary>The AuthService as Program.cs composes it, in memory, talking to a real DatabaseService and Redis; with an HTTP client and a gRPC client.</summary>
internal sealed class AuthHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly GrpcChannel _channel;

    private AuthHost(WebApplicationFactory<Program> factory)
    {
        _factory = factory;
        Http = factory.CreateClient();
        _channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        Grpc = new Mmo.Auth.V1.Auth.AuthClient(_channel);
    }

    public HttpClient Http { get; }

    public Mmo.Auth.V1.Auth.AuthClient Grpc { get; }

    public static async Task<AuthHost> StartAsync(int databaseGrpcPort, string? redisEndPoint, IDictionary<string, string>? settings = null)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Discovery:Static:Services:database:0", $"http://127.0.0.1:{databaseGrpcPort}");
            web.UseSetting("ConnectionStrings:Redis", redisEndPoint ?? "");
            web.UseSetting("Auth:LoginThrottle:IpFailures", "100000");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });
        var host = new AuthHost(factory);
        await host.WaitForDatabaseAsync();
        return host;
    }

    /// <summary>Guest login needs the DatabaseService: 503 until it has migrated and answers.</summary>
    private async Task WaitForDatabaseAsync()
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await Http.PostAsync("/api/v1/guest", null);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            if (DateTime.UtcNow > giveUpAt)
            {
                throw new TimeoutException($"The DatabaseService did not answer: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(200);
        }
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }
        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
