using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mmo.Database.V1;
using Mmo.DatabaseService.Data;
using Mmo.DatabaseService.Features.Characters;

namespace Mmo.DatabaseService.Grpc;

/// <summary>
/// Checks request fields before anything reaches the database: INVALID_ARGUMENT naming the field and
/// the rule. Every text is bounded, every id positive, every hash exactly 32 bytes.
/// </summary>
internal static class RequestGuard
{
    public static long Id(long value, string field)
    {
        if (value <= 0)
        {
            Fail(field, "must be a positive id");
        }
        return value;
    }

    /// <summary>Required text: not blank, at most <paramref name="maxLength"/> characters, no control characters.</summary>
    public static string Text(string value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(field, "is required");
        }
        return CheckText(value, field, maxLength);
    }

    /// <summary>Optional text: empty means none (null).</summary>
    public static string? OptionalText(string value, string field, int maxLength) =>
        value.Length == 0 ? null : CheckText(value, field, maxLength);

    public static byte[] Hash(ByteString value, string field)
    {
        if (value.Length != Limits.HashBytes)
        {
            Fail(field, $"must be a SHA-256 hash of exactly {Limits.HashBytes} bytes");
        }
        return value.ToByteArray();
    }

    public static TimeSpan Duration(Duration? value, string field, TimeSpan min, TimeSpan max) =>
        OptionalDuration(value, field, min, max) ?? FailWith<TimeSpan>(field, "is required");

    public static TimeSpan? OptionalDuration(Duration? value, string field, TimeSpan min, TimeSpan max)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Seconds < 0 || value.Nanos < 0 || value.Seconds > max.TotalSeconds + 1 || value.Nanos >= 1_000_000_000)
        {
            Fail(field, $"must be between {min} and {max}");
        }
        var span = value.ToTimeSpan();
        if (span < min || span > max)
        {
            Fail(field, $"must be between {min} and {max}");
        }
        return span;
    }

    /// <summary>An optional time that must lie after <paramref name="now"/>.</summary>
    public static DateTimeOffset? OptionalFutureTime(Timestamp? value, string field, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Nanos is < 0 or >= 1_000_000_000 || value.Seconds < Timestamp.FromDateTimeOffset(now).Seconds || value.Seconds > 253402300799)
        {
            Fail(field, "must be a time in the future");
        }
        var time = value.ToDateTimeOffset();
        if (time <= now)
        {
            Fail(field, "must be a time in the future");
        }
        return time;
    }

    public static int MaxCharacters(int value, string field)
    {
        if (value is < 0 or > Limits.MaxCharactersLimit)
        {
            Fail(field, $"must be between 0 (no limit) and {Limits.MaxCharactersLimit}");
        }
        return value;
    }

    public static CharacterStateValues State(CharacterState? state, string field)
    {
        if (state is null)
        {
            Fail(field, "is required");
        }
        if (!float.IsFinite(state.X) || !float.IsFinite(state.Y) || !float.IsFinite(state.Z))
        {
            Fail(field, "position must be finite numbers");
        }
        if (!(state.Heading >= 0 && state.Heading < 360))
        {
            Fail(field + ".heading", "must be in [0, 360) degrees");
        }
        if (state.InstanceId < 0 || state.Hp < 0 || state.Mp < 0 || state.Experience < 0)
        {
            Fail(field, "instance_id, hp, mp and experience must not be negative");
        }
        if (state.Level < 1)
        {
            Fail(field + ".level", "must be at least 1");
        }
        var mapId = Text(state.MapId, field + ".map_id", Limits.MapId);
        return new CharacterStateValues(mapId, state.InstanceId, state.X, state.Y, state.Z, state.Heading, state.Hp, state.Mp, state.Level, state.Experience);
    }

    private static string CheckText(string value, string field, int maxLength)
    {
        if (value.Length > maxLength)
        {
            Fail(field, $"must be at most {maxLength} characters");
        }
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                Fail(field, "must not contain control characters");
            }
        }
        return value;
    }

    [DoesNotReturn]
    public static void Fail(string field, string rule) => throw Invalid(field, rule);

    [DoesNotReturn]
    private static T FailWith<T>(string field, string rule) => throw Invalid(field, rule);

    private static RpcException Invalid(string field, string rule) =>
        new(new Status(StatusCode.InvalidArgument, $"{field} {rule}."));
}
