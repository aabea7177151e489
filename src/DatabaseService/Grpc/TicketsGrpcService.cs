using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Tickets;
using Mmo.DatabaseService.Internal;
using static Mmo.DatabaseService.Grpc.RequestGuard;

namespace Mmo.DatabaseService.Grpc;

/// <summary>mmo.database.v1.Tickets: check → map → call → map.</summary>
internal sealed class TicketsGrpcService(TicketStore store, TimeProvider time) : Tickets.TicketsBase
{
    public override async Task<Ticket> CreateTicket(CreateTicketRequest request, ServerCallContext context)
    {
        var row = await store.CreateAsync(
            Id(request.AccountId, "account_id"),
            Hash(request.TicketHash, "ticket_hash"),
            Duration(request.Lifetime, "lifetime", Limits.MinTicketLifetime, Limits.MaxTicketLifetime),
            context.CancellationToken);
        return row.ToProto();
    }

    public override async Task<RedeemTicketResponse> RedeemTicket(RedeemTicketRequest request, ServerCallContext context)
    {
        var (ticket, account) = await store.RedeemAsync(Hash(request.TicketHash, "ticket_hash"), context.CancellationToken);
        return new RedeemTicketResponse
        {
            Ticket = ticket.ToProto(),
            RedeemedAt = ProtoMapper.Time(ticket.RedeemedAt!.Value),
            Account = account.ToProto(time.GetDatabaseNow()),
        };
    }
}
