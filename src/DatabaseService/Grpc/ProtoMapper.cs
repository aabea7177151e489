using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mmo.Database.V1;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.ExternalAuth;

namespace Mmo.DatabaseService.Grpc;

/// <summary>Rows to contract messages. Absent values become empty strings and unset timestamps, as the contract documents.</summary>
internal static class ProtoMapper
{
    public static Account ToProto(this AccountRow row, DateTimeOffset now) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Email = row.Email ?? "",
        PasswordHash = row.PasswordHash ?? "",
        IsGuest = row.IsGuest,
        ExternalUserId = row.ExternalUserId ?? "",
        CreatedAt = Time(row.CreatedAt),
        LastLoginAt = Time(row.LastLoginAt),
        Banned = row.IsBannedAt(now),
        BannedAt = Time(row.BannedAt),
        BannedUntil = Time(row.BannedUntil),
        BanReason = row.BanReason ?? "",
    };

    public static Session ToProto(this SessionRow row) => new()
    {
        Id = row.Id,
        AccountId = row.AccountId,
        TokenHash = ByteString.CopyFrom(row.TokenHash),
        CreatedAt = Time(row.CreatedAt),
        ExpiresAt = Time(row.ExpiresAt),
        LastSeenAt = Time(row.LastSeenAt),
        RevokedAt = Time(row.RevokedAt),
    };

    public static Ticket ToProto(this GameTicketRow row) => new()
    {
        Id = row.Id,
        AccountId = row.AccountId,
        CreatedAt = Time(row.CreatedAt),
        ExpiresAt = Time(row.ExpiresAt),
    };

    public static Character ToProto(this CharacterRow row) => new()
    {
        Id = row.Id,
        AccountId = row.AccountId,
        Name = row.Name,
        ClassId = row.ClassId,
        CreatedAt = Time(row.CreatedAt),
        DeletedAt = Time(row.DeletedAt),
        State = row.State.ToProto(),
        Version = row.State.Version,
        SavedAt = Time(row.State.SavedAt),
    };

    public static CharacterState ToProto(this CharacterStateRow row) => new()
    {
        MapId = row.MapId,
        InstanceId = row.InstanceId,
        X = row.PositionX,
        Y = row.PositionY,
        Z = row.PositionZ,
        Heading = row.Heading,
        Hp = row.Hp,
        Mp = row.Mp,
        Level = row.Level,
        Experience = row.Experience,
    };

    public static ExternalUser ToProto(this ExternalUserRecord user) => new()
    {
        Id = user.Id,
        Name = user.Name,
        Email = user.Email,
        EmailVerified = user.EmailVerified,
    };

    public static IEnumerable<ByteString> ToByteStrings(this IEnumerable<byte[]> values) => values.Select(ByteString.CopyFrom);

    public static Timestamp? Time(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static Timestamp Time(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);
}
