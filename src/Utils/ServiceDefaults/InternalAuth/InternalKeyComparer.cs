using System.Security.Cryptography;
using System.Text;

namespace Mmo.ServiceDefaults.InternalAuth;

/// <summary>
/// Compares a presented key with the expected one in constant time: both are hashed first, so even
/// the length of the expected key does not leak through timing.
/// </summary>
internal sealed class InternalKeyComparer(string expectedKey)
{
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(expectedKey));

    public bool Matches(string? presented)
    {
        if (presented is null)
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented);
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }
}
