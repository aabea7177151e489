using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Tests.Infrastructure;

namespace Mmo.DatabaseService.Tests;

public sealed class TicketsTests(PostgresFixture fixture) : ApiTestBase(fixture)
{
    private static readonly Duration OneMinute = Duration.FromTimeSpan(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task RedeemTicket_Fresh_ReturnsItsAccount()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        var ticket = await Host.Tickets.CreateTicketAsync(new CreateTicketRequest { AccountId = account.Id, TicketHash = hash, Lifetime = OneMinute });

        var redeemed = await Host.Tickets.RedeemTicketAsync(new RedeemTicketRequest { TicketHash = hash });

        Assert.Equal(TimeSpan.FromSeconds(60), ticket.ExpiresAt.ToDateTimeOffset() - ticket.CreatedAt.ToDateTimeOffset());
        Assert.Equal(ticket.Id, redeemed.Ticket.Id);
        Assert.Equal(account.Id, redeemed.Account.Id);
        Assert.Equal(account.Name, redeemed.Account.Name);
        Assert.NotNull(redeemed.RedeemedAt);
    }

    [Fact]
    public async Task RedeemTicket_Twice_SecondFailsPrecondition()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        await Host.Tickets.CreateTicketAsync(new CreateTicketRequest { AccountId = account.Id, TicketHash = hash, Lifetime = OneMinute });
        await Host.Tickets.RedeemTicketAsync(new RedeemTicketRequest { TicketHash = hash });

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Tickets.RedeemTicketAsync(new RedeemTicketRequest { TicketHash = hash }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("already redeemed", ex.Status.Detail);
    }

    [Fact]
    public async Task RedeemTicket_Expired_FailedPrecondition()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        await Host.Tickets.CreateTicketAsync(new CreateTicketRequest { AccountId = account.Id, TicketHash = hash, Lifetime = OneMinute });
        Host.Clock.Advance(TimeSpan.FromSeconds(61));

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Tickets.RedeemTicketAsync(new RedeemTicketRequest { TicketHash = hash }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("expired", ex.Status.Detail);
    }

    [Fact]
    public async Task RedeemTicket_Unknown_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Tickets.RedeemTicketAsync(new RedeemTicketRequest { TicketHash = Hashes.New() }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task RedeemTicket_100ConcurrentRedemptions_ExactlyOneSucceeds()
    {
        var account = await NewAccountAsync();
        var hash = Hashes.New();
        await Host.Tickets.CreateTicketAsync(new CreateTicketRequest { AccountId = account.Id, TicketHash = hash, Lifetime = OneMinute });
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await Host.Tickets.RedeemTicketAsync(new RedeemTicketRequest { TicketHash = hash });
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts).DefaultTimeout();

        Assert.Equal(1, outcomes.Count(s => s == StatusCode.OK));
        Assert.Equal(99, outcomes.Count(s => s == StatusCode.FailedPrecondition));
    }

    [Fact]
    public async Task CreateTicket_UnknownAccount_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Tickets.CreateTicketAsync(new CreateTicketRequest { AccountId = long.MaxValue, TicketHash = Hashes.New(), Lifetime = OneMinute }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task CreateTicket_LifetimeOverAnHour_InvalidArgument()
    {
        var account = await NewAccountAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Host.Tickets.CreateTicketAsync(new CreateTicketRequest
        {
            AccountId = account.Id, TicketHash = Hashes.New(), Lifetime = Duration.FromTimeSpan(TimeSpan.FromHours(2)),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("lifetime", ex.Status.Detail);
    }
}
