namespace Mmo.Metrics.Internal;

/// <summary>Matches meter names against the configured patterns: exact names, or prefixes ending in <c>*</c>.</summary>
internal sealed class MeterFilter
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public MeterFilter(IEnumerable<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrWhiteSpace(pattern))
            {
                continue;
            }
            if (pattern.EndsWith('*'))
            {
                // "Mmo.*" should match the meter "Mmo" itself as well as "Mmo.World", but not "MmoOther".
                var prefix = pattern[..^1];
                _prefixes.Add(prefix);
                if (prefix.EndsWith('.'))
                {
                    _exact.Add(prefix[..^1]);
                }
            }
            else
            {
                _exact.Add(pattern);
            }
        }
    }

    public bool Matches(string meterName)
    {
        if (_exact.Contains(meterName))
        {
            return true;
        }
        foreach (var prefix in _prefixes)
        {
            if (meterName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
