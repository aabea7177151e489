using System.Security.Cryptography;
using Google.Protobuf;

namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>Fresh random 32-byte values standing in for SHA-256 hashes of tokens and tickets.</summary>
internal static class Hashes
{
    public static ByteString New() => ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));
}
