namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// Stable integer mixing (splitmix64) for per-(day, stream) seeds. HashCode and string.GetHashCode are
/// randomised per process, so they would break the demo's determinism.
/// </summary>
internal static class DemoRandom
{
    // Salts keep the independent draws of one (day, stream) apart.
    public const long VolumeSalt = 1;
    public const long EstimateSalt = 3;
    public const long OrganisationSalt = 4;
    public const long ProvisionedSalt = 5;
    public const long HourlySalt = 100;

    public static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    public static ulong Mix(int seed, long a, long b = 0, long c = 0)
    {
        unchecked
        {
            var h = SplitMix64((ulong)seed);
            h = SplitMix64(h ^ (ulong)a);
            h = SplitMix64(h ^ (ulong)b);
            return SplitMix64(h ^ (ulong)c);
        }
    }

    /// <summary>System.Random with an explicit seed uses a fixed, documented algorithm, so it is stable across runs.</summary>
    public static Random Create(int seed, long a, long b = 0, long c = 0) => new((int)(Mix(seed, a, b, c) & 0x7FFF_FFFF));

    /// <summary>A uniform draw in [0, 1) straight from the mix.</summary>
    public static double Unit(int seed, long a, long b = 0, long c = 0) => (Mix(seed, a, b, c) >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Standard normal by Box-Muller; always consumes two draws so the sequence stays aligned.</summary>
    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
