using FinOpsDashboard.Domain.Analytics;

namespace FinOpsDashboard.Domain.Tests.Analytics;

public sealed class UnitEconomicsTests
{
    // 1,500 invocations; 1M input + 3M cache read + 0.5M cache write = 4.5M input-side tokens; 500K output.
    // $15 in all, of which $4.50 input-side and $7.50 output (the rest is fees).
    private static readonly UsageTotals Typical = new(
        Invocations: 1_500,
        InputTokens: 1_000_000,
        OutputTokens: 500_000,
        CacheReadTokens: 3_000_000,
        CacheWriteTokens: 500_000,
        Cost: 15m,
        InputCost: 4.5m,
        OutputCost: 7.5m);

    private static readonly Dictionary<string, Func<UsageTotals, decimal?>> Metrics = new()
    {
        ["cost per 1K invocations"] = UnitEconomics.CostPerThousandInvocations,
        ["cost per request"] = UnitEconomics.CostPerRequest,
        ["cost per 1M input tokens"] = UnitEconomics.CostPerMillionInputTokens,
        ["cost per 1M output tokens"] = UnitEconomics.CostPerMillionOutputTokens,
        ["input tokens per invocation"] = UnitEconomics.InputTokensPerInvocation,
        ["output tokens per invocation"] = UnitEconomics.OutputTokensPerInvocation,
        ["output to input ratio"] = UnitEconomics.OutputToInputRatio,
        ["cache-hit share"] = UnitEconomics.CacheHitShare,
    };

    public static TheoryData<string, decimal> TypicalCases => new()
    {
        { "cost per 1K invocations", 10m },                          // 15 × 1,000 ÷ 1,500
        { "cost per request", 0.01m },                               // 15 ÷ 1,500
        { "cost per 1M input tokens", 1m },                          // 4.50 × 1M ÷ 4.5M, caching included
        { "cost per 1M output tokens", 15m },                        // 7.50 × 1M ÷ 0.5M
        { "input tokens per invocation", 3_000m },                   // 4.5M ÷ 1,500
        { "output tokens per invocation", 500_000m / 1_500m },       // 333.33…
        { "output to input ratio", 500_000m / 4_500_000m },          // 0.111…
        { "cache-hit share", 3_000_000m / 4_500_000m },              // 0.666…
    };

    [Theory]
    [MemberData(nameof(TypicalCases))]
    public void Metric_FollowsItsFormula(string metric, decimal expected) =>
        Assert.Equal(expected, Metrics[metric](Typical));

    public static TheoryData<string, string, UsageTotals> ZeroDenominatorCases => new()
    {
        { "no invocations", "cost per 1K invocations", Typical with { Invocations = 0 } },
        { "no invocations", "cost per request", Typical with { Invocations = 0 } },
        { "no invocations", "input tokens per invocation", Typical with { Invocations = 0 } },
        { "no invocations", "output tokens per invocation", Typical with { Invocations = 0 } },
        { "no input-side tokens", "cost per 1M input tokens", Typical with { InputTokens = 0, CacheReadTokens = 0, CacheWriteTokens = 0 } },
        { "no input-side tokens", "output to input ratio", Typical with { InputTokens = 0, CacheReadTokens = 0, CacheWriteTokens = 0 } },
        { "no input-side tokens", "cache-hit share", Typical with { InputTokens = 0, CacheReadTokens = 0, CacheWriteTokens = 0 } },
        { "output billed but no output tokens", "cost per 1M output tokens", Typical with { OutputTokens = 0 } },
    };

    [Theory]
    [MemberData(nameof(ZeroDenominatorCases))]
    public void Metric_IsNull_WhenItsDenominatorIsZero(string name, string metric, UsageTotals totals)
    {
        _ = name;
        Assert.Null(Metrics[metric](totals));
    }

    [Fact]
    public void EveryMetric_IsNull_ForNoUsage()
    {
        var none = new UsageTotals(0, 0, 0, 0, 0, 0m, 0m, 0m);

        Assert.All(Metrics, m => Assert.Null(m.Value(none)));
    }

    [Fact]
    public void CachedTokens_CountOnTheInputSide_ButNotAsHits()
    {
        // Only cache writes: the prompt is still read, nothing was a hit yet.
        var writesOnly = new UsageTotals(10, 0, 100, 0, 2_000, 1m, 0.5m, 0.5m);

        Assert.Equal(2_000, writesOnly.InputSideTokens);
        Assert.Equal(0m, UnitEconomics.CacheHitShare(writesOnly));
        Assert.Equal(200m, UnitEconomics.InputTokensPerInvocation(writesOnly));
        Assert.Equal(250m, UnitEconomics.CostPerMillionInputTokens(writesOnly)); // 0.50 × 1M ÷ 2,000
    }

    [Fact]
    public void LargeTotals_DoNotOverflow()
    {
        // A year of a large organisation: 10 trillion input tokens, $30M.
        var year = new UsageTotals(2_000_000_000, 10_000_000_000_000, 1_000_000_000_000, 0, 0, 45_000_000m, 30_000_000m, 15_000_000m);

        Assert.Equal(3m, UnitEconomics.CostPerMillionInputTokens(year));
        Assert.Equal(15m, UnitEconomics.CostPerMillionOutputTokens(year));
        Assert.Equal(22.5m, UnitEconomics.CostPerThousandInvocations(year));
    }
}
