namespace Mmo.Redis;

/// <summary>When <c>SET</c> applies.</summary>
public enum SetCondition
{
    /// <summary>Always (no flag).</summary>
    Always,

    /// <summary>Only if the key does not exist yet (<c>NX</c>): a lock or a first-writer-wins value.</summary>
    IfNotExists,

    /// <summary>Only if the key already exists (<c>XX</c>).</summary>
    IfExists,
}
