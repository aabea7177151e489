namespace Mmo.ServiceDefaults.Correlation;

/// <summary>
/// The correlation id of the request being handled, flowing with the async context so outgoing gRPC
/// calls carry it on (header <see cref="HeaderName"/>) and every log line of the request shows it.
/// </summary>
public static class CorrelationContext
{
    /// <summary>The metadata / HTTP header that carries the id across hops.</summary>
    public const string HeaderName = "x-correlation-id";

    /// <summary>Longest id accepted from a caller; longer or malformed ids are replaced.</summary>
    public const int MaxLength = 64;

    private static readonly AsyncLocal<string?> CurrentId = new();

    /// <summary>The current id, or null outside a request.</summary>
    public static string? Current
    {
        get => CurrentId.Value;
        internal set => CurrentId.Value = value;
    }

    /// <summary>A new id: 32 hex characters.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>True for 1–64 characters of letters, digits, '-', '_', '.', ':' (safe in headers and logs).</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }
        return true;
    }
}
