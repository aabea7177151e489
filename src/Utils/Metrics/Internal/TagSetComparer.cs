namespace Mmo.Metrics.Internal;

/// <summary>
/// Lets the series dictionary be searched with the <see cref="ReadOnlySpan{T}"/> of tags a measurement arrives
/// with, so recording into an existing series allocates nothing (no key object, no copied array).
/// </summary>
internal sealed class TagSetComparer :
    IEqualityComparer<TagSet>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // A sum of per-tag hashes: the same tags in any order give the same hash. The names are nearly always the
        // same within one instrument, so hashing their text would cost time and spread nothing; their length stands in.
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash = unchecked(hash + HashCode.Combine(tag.Key?.Length ?? 0, tag.Value));
        }
        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Equals(x.Tags, y));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Create(alternate);

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other)
    {
        var stored = other.Tags;
        if (alternate.Length != stored.Length)
        {
            return false;
        }
        // A call site passes its tags in the same order every time, so the stored order usually matches.
        var inOrder = true;
        for (var i = 0; i < alternate.Length; i++)
        {
            if (!SameTag(alternate[i], stored[i]))
            {
                inOrder = false;
                break;
            }
        }
        return inOrder || (ContainsAll(alternate, stored) && ContainsAll(stored, alternate));
    }

    private static bool ContainsAll(ReadOnlySpan<KeyValuePair<string, object?>> tags, ReadOnlySpan<KeyValuePair<string, object?>> others)
    {
        foreach (var tag in tags)
        {
            var found = false;
            foreach (var other in others)
            {
                if (SameTag(tag, other))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameTag(KeyValuePair<string, object?> a, KeyValuePair<string, object?> b) =>
        string.Equals(a.Key, b.Key, StringComparison.Ordinal) && object.Equals(a.Value, b.Value);
}
