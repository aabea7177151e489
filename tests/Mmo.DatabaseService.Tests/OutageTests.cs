using Grpc.Core;
using Grpc.Health.V1;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;
using Mmo.Grpc.Client;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.DatabaseService.Tests;

/// <summary>
/// PostgreSQL going away and coming back, on a server of these tests' own (so the other tests run on):
/// calls meanwhile answer UNAVAILABLE, readiness turns NOT_SERVING, and the same service process recovers
/// by itself once PostgreSQL is back.
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(45);
    private PostgresServer _server = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _connectionString = await _server.CreateDatabaseAsync("mmo_outage");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PostgresRestarted_CallsUnavailableMeanwhile_ServiceRecoversWithoutRestart()
    {
        await using var host = await DatabaseServiceHost.StartAsync(_connectionString);
        AllowOutageErrors(host.Logs);
        var account = await host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = "survivor" });
        var health = host.HealthClient();

        await _server.StopAsync().DefaultTimeout();
        var during = await Assert.ThrowsAsync<RpcException>(() => host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = account.Id }).ResponseAsync);
        var write = await Assert.ThrowsAsync<RpcException>(() => host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = "lost" }).ResponseAsync);
        var notServing = await PollAsync(async () => (await health.CheckAsync(new HealthCheckRequest())).Status == ServingStatus.NotServing);
        await _server.StartAgainAsync().DefaultTimeout();
        var recovered = await PollAsync(async () => (await host.Accounts.GetAccountAsync(new GetAccountRequest { AccountId = account.Id })).Name == "survivor");
        var serving = await PollAsync(async () => (await health.CheckAsync(new HealthCheckRequest())).Status == ServingStatus.Serving);

        Assert.Equal(StatusCode.Unavailable, during.StatusCode);
        Assert.Equal("The database is unavailable; retry later.", during.Status.Detail);
        Assert.Equal(StatusCode.Unavailable, write.StatusCode);
        Assert.True(notServing, "Readiness never turned NOT_SERVING while PostgreSQL was down.");
        Assert.True(recovered, "The service did not recover after PostgreSQL came back.");
        Assert.True(serving, "Readiness never turned SERVING again.");
        host.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task PostgresDownAtStartUp_UnavailableUntilItComes_ThenMigratesAndServes()
    {
        await _server.StopAsync().DefaultTimeout();
        await using var host = await DatabaseServiceHost.StartAsync(_connectionString, waitUntilServing: false);
        AllowOutageErrors(host.Logs);

        var early = await Assert.ThrowsAsync<RpcException>(() => host.Characters.ListCharactersAsync(new ListCharactersRequest { AccountId = 1 }).ResponseAsync);
        await _server.StartAgainAsync().DefaultTimeout();
        var served = await PollAsync(async () => (await host.Accounts.CreateAccountAsync(new CreateAccountRequest { Name = "late" })).Id > 0);

        Assert.Equal(StatusCode.Unavailable, early.StatusCode);
        Assert.Contains("not ready", early.Status.Detail);
        Assert.True(served, "The service never served after PostgreSQL came up.");
        host.Logs.AssertNoUnexpectedErrors();
    }

    /// <summary>Retries <paramref name="condition"/> until it holds, answering UNAVAILABLE meanwhile, or the deadline passes.</summary>
    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        var giveUpAt = DateTime.UtcNow + RecoveryDeadline;
        while (DateTime.UtcNow < giveUpAt)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                // Still down, or the first call on a fresh connection after the restart.
            }
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>The readiness check reports the outage as an Error, and Npgsql logs broken connections: both expected here.</summary>
    private static void AllowOutageErrors(TestLogs logs) =>
        logs.ExpectError(r => r.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal) || r.Category.StartsWith("Npgsql", StringComparison.Ordinal));
}
