using Grpc.Core;

namespace Mmo.Grpc.Internal;

/// <summary>
/// Metadata values on the wire: text as is; binary (<c>-bin</c> keys) as base64, sent without
/// padding and accepted with or without it.
/// </summary>
internal static class MetadataEncoding
{
    public static string EncodeValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    /// <summary>
    /// Adds the entries of one received header value. A <c>-bin</c> value may carry several base64
    /// values separated by commas, as HTTP joins repeated fields (PROTOCOL-HTTP2.md); each becomes an
    /// entry. Invalid entries are skipped: bad metadata from a peer must not fail the call.
    /// </summary>
    public static void AddDecoded(Metadata metadata, string key, string value)
    {
        if (!value.Contains(',') || !key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase))
        {
            if (TryDecode(key, value) is { } entry)
            {
                metadata.Add(entry);
            }
            return;
        }
        foreach (var range in value.AsSpan().Split(','))
        {
            if (TryDecode(key, value.AsSpan(range).Trim().ToString()) is { } entry)
            {
                metadata.Add(entry);
            }
        }
    }

    /// <summary>Builds an entry from a received header; null when the name or value is not valid metadata.</summary>
    public static Metadata.Entry? TryDecode(string key, string value)
    {
        try
        {
            if (!key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase))
            {
                return new Metadata.Entry(key, value);
            }
            var padded = (value.Length % 4) switch
            {
                2 => value + "==",
                3 => value + "=",
                _ => value,
            };
            return new Metadata.Entry(key, Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
