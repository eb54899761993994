using FsCheck;
using Microsoft.FSharp.Core;

namespace FinOpsDashboard.Tests;

/// <summary>
/// Runs an FsCheck property from a plain xUnit [Fact] (FsCheck.Xunit is not on this machine's feed) with a fixed seed,
/// so CI runs are identical and a failure can be replayed: <c>FSCHECK_SEED=&lt;n&gt; dotnet test --filter ...</c>.
/// Linked into every test project that has property tests.
/// </summary>
internal static class Properties
{
    /// <summary>The seed every property starts from unless FSCHECK_SEED says otherwise.</summary>
    public const ulong DefaultSeed = 20_260_801;

    public static ulong Seed =>
        ulong.TryParse(Environment.GetEnvironmentVariable("FSCHECK_SEED"), out var seed) ? seed : DefaultSeed;

    /// <summary>
    /// Checks <paramref name="property"/> on <paramref name="maxTest"/> cases, sizes growing up to <paramref name="endSize"/>;
    /// throws with the seed and the (shrunk) counter-example on failure.
    /// </summary>
    public static void Check(string name, Property property, int maxTest, int endSize = 100)
    {
        var seed = Seed;
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithEndSize(endSize)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(name, config, property);
        }
        catch (Exception ex)
        {
            throw new PropertyFailedException(
                $"Property '{name}' failed with FSCHECK_SEED={seed} (replay: FSCHECK_SEED={seed} dotnet test --filter \"FullyQualifiedName~{name}\").{Environment.NewLine}{ex.Message}",
                ex);
        }
    }
}

internal sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
