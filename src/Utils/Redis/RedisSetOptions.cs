namespace Mmo.Redis;

/// <summary>Flags of <c>SET</c>: an expiry (<c>EX</c> in whole seconds, otherwise <c>PX</c> in milliseconds) and a condition (<c>NX</c>/<c>XX</c>).</summary>
/// <param name="Expiry">Time to live of the key; null keeps it forever (and clears an earlier expiry).</param>
/// <param name="Condition">When the value is written.</param>
public readonly record struct RedisSetOptions(TimeSpan? Expiry = null, SetCondition Condition = SetCondition.Always)
{
    /// <summary>Arguments these options add to the command.</summary>
    internal int ArgumentCount => (Expiry is null ? 0 : 2) + (Condition == SetCondition.Always ? 0 : 1);

    internal void Validate()
    {
        if (Expiry is { } expiry && expiry < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Expiry), expiry, "A Redis expiry must be at least 1 ms.");
        }

        if (!Enum.IsDefined(Condition))
        {
            throw new ArgumentOutOfRangeException(nameof(Condition), Condition, "Unknown SET condition.");
        }
    }
}
