using System.Text;

namespace Mmo.Redis;

/// <summary>A message received on a subscription.</summary>
/// <param name="Channel">The channel it was published to.</param>
/// <param name="Pattern">The pattern that matched, for a <c>PSUBSCRIBE</c> subscription; otherwise null.</param>
/// <param name="Payload">The message exactly as published (binary safe).</param>
public sealed record RedisMessage(string Channel, string? Pattern, byte[] Payload)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload);
}
