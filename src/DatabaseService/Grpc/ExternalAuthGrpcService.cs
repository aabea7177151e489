using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.ExternalAuth;
using static Mmo.DatabaseService.Grpc.RequestGuard;

namespace Mmo.DatabaseService.Grpc;

/// <summary>mmo.database.v1.ExternalAuth: read-only access to the better-auth tables.</summary>
internal sealed class ExternalAuthGrpcService(ExternalAuthStore store) : ExternalAuth.ExternalAuthBase
{
    public override async Task<ExternalSession> FindExternalSession(FindExternalSessionRequest request, ServerCallContext context)
    {
        var session = await store.FindSessionAsync(Text(request.Token, "token", Limits.ExternalToken), context.CancellationToken);
        return new ExternalSession { Id = session.Id, ExpiresAt = ProtoMapper.Time(session.ExpiresAt), User = session.User.ToProto() };
    }

    public override async Task<ExternalUser> GetExternalUser(GetExternalUserRequest request, ServerCallContext context)
    {
        var user = await store.GetUserAsync(Text(request.UserId, "user_id", Limits.ExternalUserId), context.CancellationToken);
        return user.ToProto();
    }

    public override async Task<ExternalCredential> GetExternalCredential(GetExternalCredentialRequest request, ServerCallContext context)
    {
        var (user, passwordHash) = await store.GetCredentialAsync(Text(request.Email, "email", Limits.Email), context.CancellationToken);
        return new ExternalCredential { User = user.ToProto(), PasswordHash = passwordHash };
    }
}
