using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Mmo.AuthService.Features.Sessions;
using Mmo.AuthService.Internal;
using Mmo.Database.V1;

namespace Mmo.AuthService.Features.Tickets;

/// <summary>POST /api/v1/tickets: a one-time game ticket for the signed-in account.</summary>
internal static class TicketEndpoints
{
    /// <summary>Answer of POST /api/v1/tickets.</summary>
    public sealed record TicketResponse(string Ticket, DateTimeOffset ExpiresAt);

    public static RouteGroupBuilder MapTickets(this RouteGroupBuilder api)
    {
        api.MapPost("/tickets", CreateAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, SessionValidator validator, Mmo.Database.V1.Tickets.TicketsClient tickets, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        if (await validator.ValidateAsync(Bearer.TokenOf(http.Request), cancellationToken) is not { } session)
        {
            return Bearer.Challenge(http);
        }
        var ticket = SecretToken.New();
        var stored = await tickets.CreateTicketAsync(
            new CreateTicketRequest
            {
                AccountId = session.AccountId,
                TicketHash = ByteString.CopyFrom(SecretToken.Hash(ticket)),
                Lifetime = Duration.FromTimeSpan(options.Value.TicketLifetime),
            },
            cancellationToken: cancellationToken);
        return TypedResults.Created((string?)null, new TicketResponse(ticket, stored.ExpiresAt.ToDateTimeOffset()));
    }
}
