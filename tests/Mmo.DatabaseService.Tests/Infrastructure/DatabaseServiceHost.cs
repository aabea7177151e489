using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mmo.Database.V1;
using Mmo.Grpc.Client;

namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>
/// The DatabaseService as Program.cs composes it, hosted in memory (WebApplicationFactory/TestServer)
/// against a real PostgreSQL, with its logs captured, its clock replaceable, and typed clients over our
/// GrpcChannel. Start-up waits until the schema is migrated and a data call succeeds.
/// </summary>
internal sealed class DatabaseServiceHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly GrpcChannel _channel;

    private DatabaseServiceHost(WebApplicationFactory<Program> factory, TestLogs logs, TestClock clock)
    {
        _factory = factory;
        Logs = logs;
        Clock = clock;
        var server = factory.Server;
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = server.CreateHandler(),
            Interceptors = { new DefaultDeadlineInterceptor(TimeSpan.FromSeconds(20)) },
        });
        Accounts = new Accounts.AccountsClient(_channel);
        Sessions = new Sessions.SessionsClient(_channel);
        Tickets = new Tickets.TicketsClient(_channel);
        Characters = new Characters.CharactersClient(_channel);
        ExternalAuth = new ExternalAuth.ExternalAuthClient(_channel);
    }

    public TestLogs Logs { get; }

    public TestClock Clock { get; }

    public Accounts.AccountsClient Accounts { get; }

    public Sessions.SessionsClient Sessions { get; }

    public Tickets.TicketsClient Tickets { get; }

    public Characters.CharactersClient Characters { get; }

    public ExternalAuth.ExternalAuthClient ExternalAuth { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>grpc.health.v1 of the service: SERVING when PostgreSQL answers and the schema is up to date.</summary>
    public Health.HealthClient HealthClient() => new(_channel);

    public static async Task<DatabaseServiceHost> StartAsync(string connectionString, IDictionary<string, string>? settings = null, bool waitUntilServing = true)
    {
        var logs = new TestLogs();
        var clock = new TestClock();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Postgres", connectionString);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<ILoggerProvider>(logs);
            });
        });
        var host = new DatabaseServiceHost(factory, logs, clock);
        if (waitUntilServing)
        {
            await host.WaitUntilServingAsync();
        }
        return host;
    }

    /// <summary>Polls a cheap data call until the schema is ready and PostgreSQL answers (UNAVAILABLE until then).</summary>
    public async Task WaitUntilServingAsync()
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = 1 });
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < giveUpAt)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _factory.DisposeAsync();
    }
}
