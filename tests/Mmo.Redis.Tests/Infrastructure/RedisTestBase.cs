using System.Globalization;
using System.Runtime.CompilerServices;

namespace Mmo.Redis.Tests.Infrastructure;

/// <summary>Creates clients and servers for a test and disposes them, within a bound, when it ends.</summary>
public abstract class RedisTestBase : IAsyncLifetime
{
    /// <summary>Fast reconnects, so recovery tests take a fraction of a second.</summary>
    protected const string FastReconnect = "reconnectMinDelay=50,reconnectMaxDelay=300";

    private readonly List<RedisClient> _clients = [];
    private readonly List<RedisServer> _servers = [];

    internal TestLogger Logger { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().DefaultTimeout();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync().DefaultTimeout();
        }

        // Outages are logged as warnings; an error means the client misread Redis or broke internally.
        Logger.AssertNoErrors();
    }

    /// <summary>A client of <paramref name="server"/>; <paramref name="settings"/> are appended to its connection string.</summary>
    protected RedisClient Connect(RedisServer server, string settings = FastReconnect) =>
        Connect(string.IsNullOrEmpty(settings) ? server.EndPoint : $"{server.EndPoint},{settings}");

    protected RedisClient Connect(string connectionString)
    {
        var client = new RedisClient(connectionString, Logger);
        _clients.Add(client);
        return client;
    }

    /// <summary>A server of this test alone (it may be killed).</summary>
    protected async Task<RedisServer> StartServerAsync(params string[] extraArguments)
    {
        var server = await RedisServer.StartAsync(extraArguments).DefaultTimeout();
        _servers.Add(server);
        return server;
    }

    /// <summary>A client with a 1 s command timeout and fast reconnects, already connected; <paramref name="settings"/> are appended.</summary>
    protected async Task<RedisClient> ConnectedClientAsync(RedisServer server, string settings = "")
    {
        var client = Connect(server, $"commandTimeout=1000,{FastReconnect}" + (settings.Length > 0 ? "," + settings : string.Empty));
        // Polled: on a loaded machine connecting can take longer than the short timeouts some tests set.
        await Poll.UntilSucceedsAsync(() => client.PingAsync().AsTask(), TimeSpan.FromSeconds(10), "the client connected");
        return client;
    }

    /// <summary>Makes the server hold every command (CLIENT PAUSE ... ALL) from another connection, as a stalled Redis would.</summary>
    protected async Task PauseAsync(RedisServer server, TimeSpan duration)
    {
        var admin = Connect(server);
        await admin.ExecuteAsync("CLIENT", ["PAUSE", ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "ALL"]).DefaultTimeout();
    }

    protected static string NewKey([CallerMemberName] string test = "") => $"{test}:{Guid.NewGuid():N}";
}
