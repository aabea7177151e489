using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mmo.CharacterApi.V1;
using Mmo.Grpc.Client;

namespace Mmo.CharacterService.Tests.Infrastructure;

/// <summary>
/// The CharacterService as Program.cs composes it, in memory (TestServer), calling the DatabaseService at
/// <c>databaseAddress</c> through static discovery and caching in the given Redis; logs captured.
/// </summary>
internal sealed class CharacterServiceHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly GrpcChannel _channel;

    private CharacterServiceHost(WebApplicationFactory<Program> factory, TestLogs logs)
    {
        _factory = factory;
        Logs = logs;
        var server = factory.Server; // starts the host: options are validated here
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = server.CreateHandler(),
            Interceptors = { new TestCallInterceptor(TimeSpan.FromSeconds(20), internalKey: false) },
        });
        Client = new Characters.CharactersClient(_channel);
    }

    public TestLogs Logs { get; }

    public Characters.CharactersClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public static CharacterServiceHost Start(Uri databaseAddress, string? redis, IDictionary<string, string>? settings = null)
    {
        var logs = new TestLogs();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Discovery:Static:Services:database:0", databaseAddress.ToString().TrimEnd('/'));
            if (redis is not null)
            {
                // Short timeouts: with Redis down, a call falls back within a second.
                web.UseSetting("ConnectionStrings:Redis", $"{redis},connectTimeout=500,commandTimeout=1000");
            }
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs));
        });
        try
        {
            return new CharacterServiceHost(factory, logs);
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _factory.DisposeAsync();
    }
}
