using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Mmo.AuthService.Features.Accounts;

/// <summary>
/// Password hashing with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, 100,000
/// iterations, 128-bit salt, constant-time comparison). Unknown users are checked against a dummy hash so
/// that a login costs the same time whether or not the name exists.
/// </summary>
internal sealed class PasswordService
{
    private readonly PasswordHasher<object> _hasher = new();
    private readonly string _dummyHash;

    public PasswordService()
    {
        _dummyHash = _hasher.HashPassword(Marker, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
    }

    private static object Marker { get; } = new();

    public string Hash(string password) => _hasher.HashPassword(Marker, password);

    /// <summary>Verifies a password; <paramref name="rehashed"/> is a new hash when the stored one uses old parameters.</summary>
    public bool Verify(string? storedHash, string password, out string? rehashed)
    {
        rehashed = null;
        if (string.IsNullOrEmpty(storedHash))
        {
            _hasher.VerifyHashedPassword(Marker, _dummyHash, password);
            return false;
        }
        PasswordVerificationResult result;
        try
        {
            result = _hasher.VerifyHashedPassword(Marker, storedHash, password);
        }
        catch (FormatException)
        {
            return false;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            rehashed = Hash(password);
        }
        return result != PasswordVerificationResult.Failed;
    }
}
