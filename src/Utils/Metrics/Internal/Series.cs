namespace Mmo.Metrics.Internal;

/// <summary>
/// One time series of a family: its label block, rendered once when the series is created, and its value.
/// Recording touches only the subclass's fields, with atomic operations and no lock.
/// </summary>
internal abstract class Series(byte[] labels)
{
    /// <summary>UTF-8 <c>a="x",b="y"</c>, sorted by label name, without braces; empty for no labels.</summary>
    public byte[] Labels { get; } = labels;

    /// <summary>The tag sets that map to this series (more than one when they render the same labels). Guarded by the family.</summary>
    public List<TagSet> Keys { get; } = [];

    /// <summary>For observable instruments: the collection that last reported this series.</summary>
    public long Generation;
}
