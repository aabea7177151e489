using Mmo.Database.V1;

namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>
/// Base of the API tests: the shared service, helpers that make fresh accounts and characters, and a
/// check at the end of each test that the service logged no error the test did not expect.
/// </summary>
[Collection(PostgresCollection.Name)]
public abstract class ApiTestBase(PostgresFixture fixture) : IAsyncLifetime
{
    private static int _names;
    private long _logMark;

    internal DatabaseServiceHost Host => fixture.Host;

    internal PostgresFixture Fixture => fixture;

    /// <summary>A name no other test uses: a prefix, a counter and random letters, at most 16 characters.</summary>
    protected static string UniqueName(string prefix = "n") =>
        $"{prefix}{Interlocked.Increment(ref _names)}{Guid.NewGuid().ToString("N")[..6]}";

    protected static CharacterState StartState(int level = 1) => new()
    {
        MapId = "start_town", InstanceId = 0, X = 10.5f, Y = 0, Z = -3.25f, Heading = 90, Hp = 100, Mp = 50, Level = level, Experience = 0,
    };

    protected async Task<Account> NewAccountAsync(string? name = null) =>
        await Host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = name ?? UniqueName("acc"), PasswordHash = "hash" });

    protected async Task<Character> NewCharacterAsync(long accountId, string? name = null) =>
        await Host.Characters.CreateCharacterAsync(new CreateCharacterRequest
        {
            AccountId = accountId, Name = name ?? UniqueName("ch"), ClassId = "knight", InitialState = StartState(),
        });

    public Task InitializeAsync()
    {
        _logMark = Host.Logs.Mark();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Host.Logs.AssertNoUnexpectedErrors(_logMark);
        return Task.CompletedTask;
    }
}
