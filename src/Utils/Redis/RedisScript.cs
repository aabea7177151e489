using System.Security.Cryptography;
using System.Text;

namespace Mmo.Redis;

/// <summary>
/// A Lua script run by its SHA-1 (<c>EVALSHA</c>), so its body crosses the network only when Redis does not have
/// it cached - after a restart or <c>SCRIPT FLUSH</c> - in which case <c>NOSCRIPT</c> is answered by sending it
/// once with <c>EVAL</c>, which caches it again. Create one instance per script, e.g. in a static field.
/// </summary>
public sealed class RedisScript
{
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>The lower-case hex SHA-1 of the UTF-8 source, the name Redis caches it under.</summary>
    public string Sha1 { get; }

    /// <summary>Runs the script with <c>KEYS</c> and <c>ARGV</c> given as text.</summary>
    public async ValueTask<RedisResult> EvaluateAsync(IRedisClient client, IReadOnlyList<string>? keys = null, IReadOnlyList<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var keyArray = keys?.ToArray() ?? [];
        var argumentArray = arguments?.ToArray() ?? [];
        try
        {
            return await client.EvalShaAsync(Sha1, keyArray, argumentArray, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.ErrorCode == "NOSCRIPT")
        {
            return await client.EvalAsync(Source, keyArray, argumentArray, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the script with binary <c>KEYS</c> and <c>ARGV</c>.</summary>
    public async ValueTask<RedisResult> EvaluateAsync(IRedisClient client, IReadOnlyList<ReadOnlyMemory<byte>> keys, IReadOnlyList<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var keyArray = keys.ToArray();
        var argumentArray = arguments.ToArray();
        try
        {
            return await client.EvalShaAsync(Sha1, keyArray, argumentArray, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.ErrorCode == "NOSCRIPT")
        {
            return await client.EvalAsync(Source, keyArray, argumentArray, cancellationToken).ConfigureAwait(false);
        }
    }
}
