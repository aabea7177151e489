namespace Mmo.Metrics.Internal;

/// <summary>
/// A measurement's tags as a series key, copied once when the series is created. Its hash and equality do not
/// depend on order, so <c>(a, b)</c> and <c>(b, a)</c> find the same series without sorting on the hot path.
/// </summary>
internal sealed class TagSet
{
    public static readonly TagSet Empty = new([]);

    private TagSet(KeyValuePair<string, object?>[] tags)
    {
        Tags = tags;
        Hash = TagSetComparer.HashOf(tags);
    }

    /// <summary>
    /// The tags as first recorded (null values included), in the caller's order: a call site passes its tags in the
    /// same order every time, which lets equality succeed on its first, positional pass.
    /// </summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }
        return new TagSet(tags.ToArray());
    }
}
