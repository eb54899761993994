using System.Security.Cryptography;

namespace FinOpsDashboard.Infrastructure.Security;

/// <summary>A stored password: PBKDF2-SHA256 output and its salt (base64), and the iteration count used.</summary>
public sealed record PasswordHash(string Hash, string Salt, int Iterations);

/// <summary>
/// PBKDF2 with HMAC-SHA256 (Rfc2898DeriveBytes.Pbkdf2), a 16-byte random salt per password and a 32-byte key.
/// 600,000 iterations is OWASP's 2023 figure for PBKDF2-SHA256; comparison is constant-time.
/// </summary>
public static class PasswordHasher
{
    public const int DefaultIterations = 600_000;
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static PasswordHash Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return new PasswordHash(Convert.ToBase64String(key), Convert.ToBase64String(salt), iterations);
    }

    public static bool Verify(string password, PasswordHash stored)
    {
        byte[] expected;
        byte[] salt;
        try
        {
            expected = Convert.FromBase64String(stored.Hash);
            salt = Convert.FromBase64String(stored.Salt);
        }
        catch (FormatException)
        {
            return false;
        }

        if (expected.Length != KeyBytes || stored.Iterations < 1)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, stored.Iterations, HashAlgorithmName.SHA256, KeyBytes);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A password nobody can type: for demo users, who sign in with one click, never with a password.</summary>
    public static PasswordHash Unusable() => new(Convert.ToBase64String(new byte[KeyBytes]), Convert.ToBase64String(RandomNumberGenerator.GetBytes(SaltBytes)), 1);

    /// <summary>20 characters from a 57-symbol alphabet without look-alikes (≈117 bits).</summary>
    public static string Generate()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
