using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Sessions;
using Mmo.DatabaseService.Internal;
using static Mmo.DatabaseService.Grpc.RequestGuard;

namespace Mmo.DatabaseService.Grpc;

/// <summary>mmo.database.v1.Sessions: check → map → call → map.</summary>
internal sealed class SessionsGrpcService(SessionStore store, TimeProvider time) : Sessions.SessionsBase
{
    public override async Task<Session> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var row = await store.CreateAsync(
            Id(request.AccountId, "account_id"),
            Hash(request.TokenHash, "token_hash"),
            Duration(request.Lifetime, "lifetime", Limits.MinSessionLifetime, Limits.MaxLifetime),
            context.CancellationToken);
        return row.ToProto();
    }

    public override async Task<FindValidSessionResponse> FindValidSession(FindValidSessionRequest request, ServerCallContext context)
    {
        var row = await store.FindValidAsync(
            Hash(request.TokenHash, "token_hash"),
            OptionalDuration(request.SlidingLifetime, "sliding_lifetime", Limits.MinSessionLifetime, Limits.MaxLifetime),
            context.CancellationToken);
        return new FindValidSessionResponse { Session = row.ToProto(), Account = row.Account!.ToProto(time.GetDatabaseNow()) };
    }

    public override async Task<RevokeSessionResponse> RevokeSession(RevokeSessionRequest request, ServerCallContext context)
    {
        var (row, wasActive) = await store.RevokeAsync(Hash(request.TokenHash, "token_hash"), context.CancellationToken);
        return new RevokeSessionResponse { Session = row.ToProto(), WasActive = wasActive };
    }

    public override async Task<RevokeAllSessionsResponse> RevokeAllSessions(RevokeAllSessionsRequest request, ServerCallContext context)
    {
        var revoked = await store.RevokeAllAsync(Id(request.AccountId, "account_id"), context.CancellationToken);
        return new RevokeAllSessionsResponse { RevokedCount = revoked.Count, RevokedTokenHashes = { revoked.ToByteStrings() } };
    }
}
