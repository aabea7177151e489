using System.Threading;
using Grpc.Core;
using Mmo.Database.V1;
using Mmo.Grpc.Client;
using Mmo.IntegrationTests;
using Mmo.Redis.Tests.Infrastructure;

namespace Mmo.CharacterService.Tests.Infrastructure;

/// <summary>
/// Real parts shared by a test class: the DatabaseService process (fresh database on a private PostgreSQL),
/// a redis-server, and the CharacterService in memory wired to both. Each test makes its own accounts.
/// </summary>
public sealed class CharacterFixture : IAsyncLifetime
{
    private static int _accountCounter;
    private ServiceProcess? _database;
    private GrpcChannel? _databaseChannel;
    private CharacterServiceHost? _host;

    public RedisServer Redis { get; private set; } = null!;

    internal CharacterServiceHost Host => _host!;

    public Mmo.CharacterApi.V1.Characters.CharactersClient Client => Host.Client;

    /// <summary>The DatabaseService's own character API, to check what was (not) written.</summary>
    public Mmo.Database.V1.Characters.CharactersClient Data { get; private set; } = null!;

    public Accounts.AccountsClient Accounts { get; private set; } = null!;

    public Uri DatabaseAddress => _database!.GrpcAddress;

    public async Task InitializeAsync()
    {
        _database = await ServiceProcess.StartAsync("DatabaseService");
        _databaseChannel = GrpcChannel.ForAddress(_database.GrpcAddress, new GrpcChannelOptions
        {
            Interceptors = { new TestCallInterceptor(TimeSpan.FromSeconds(20), internalKey: true) },
        });
        Data = new Mmo.Database.V1.Characters.CharactersClient(_databaseChannel);
        Accounts = new Accounts.AccountsClient(_databaseChannel);
        await WaitUntilServingAsync();
        Redis = await RedisServer.StartAsync();
        _host = CharacterServiceHost.Start(_database.GrpcAddress, Redis.EndPoint);
    }

    /// <summary>A new account in the database; its id.</summary>
    public async Task<long> NewAccountAsync()
    {
        var n = Interlocked.Increment(ref _accountCounter);
        var account = await Accounts.CreateAccountAsync(new CreateAccountRequest { Name = $"acct{n}_{Guid.NewGuid():N}"[..30] });
        return account.Id;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _databaseChannel?.Dispose();
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private async Task WaitUntilServingAsync()
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await Data.ListCharactersAsync(new Mmo.Database.V1.ListCharactersRequest { AccountId = 1 }, deadline: DateTime.UtcNow.AddSeconds(2));
                return;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && DateTime.UtcNow < giveUpAt && !_database!.HasExited)
            {
                await Task.Delay(100);
            }
            catch (RpcException ex)
            {
                throw new InvalidOperationException($"The DatabaseService did not start: {ex.Status}\n{_database!.Output}", ex);
            }
        }
    }
}
