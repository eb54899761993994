using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Recommendations.Detectors;
using static FinOpsDashboard.Domain.Tests.Recommendations.RecommendationBuilders;

namespace FinOpsDashboard.Domain.Tests.Recommendations;

/// <summary>Right-size, prompt caching, output caps, context trimming, distillation: firing and silent cases, dollars by hand.</summary>
public sealed class TokenLeverDetectorTests
{
    private const string Opus = "Claude Opus 4.8";
    private const string Sonnet = "Claude Sonnet 4.6";

    public static TheoryData<string, string, decimal, decimal, long?, string?> RightSizeCases => new()
    {
        // name, route, input cost, output cost, calls, expected confidence (null = silent)
        // 100M input at $5 = $500, 1M output at $25 = $25; Haiku is 1/5 of Opus per charge → $105; saving $420.
        { "classification shape with calls known", "global", 500m, 25m, 200_000, Confidence.High },
        { "calls unknown: ratio alone, medium confidence", "global", 500m, 25m, null, Confidence.Medium },
        // Geo route billed at a discount ($450 instead of $550): the ratio keeps it, 475 − 95 = 380.
        { "geo route at a negotiated price", "none", 450m, 25m, 200_000, Confidence.High },
    };

    [Theory]
    [MemberData(nameof(RightSizeCases))]
    public void RightSize_Fires_WithTheSavingAtTheSiblingsRates(string name, string route, decimal inputCost, decimal outputCost, long? calls, string? confidence)
    {
        var w = Workload(Opus, [Cell(Opus, "input", 100 * M, inputCost, route: route), Cell(Opus, "output", 1 * M, outputCost, route: route)], calls: calls);
        var f = Assert.Single(Run(new RightSizeDetector(), Inputs([w])));

        var expected = (inputCost + outputCost) * 0.8m; // Haiku's rate ÷ Opus's = 1/5 for input and output alike
        Assert.True(expected == f.MonthlySavings, $"{name}: expected {expected}, got {f.MonthlySavings}");
        Assert.Equal(confidence, f.Confidence);
        Assert.Equal(Levers.RightSize, f.Lever);
        Assert.Equal((Opus, "support", "triage"), (f.Model, f.Team, f.Feature));
        Assert.Contains("Claude Haiku 4.5", f.Alternative, StringComparison.Ordinal);
        Assert.Contains("× 30 ÷ 30 days", f.Formula, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, decimal, decimal, decimal, long?> RightSizeSilentCases => new()
    {
        // name, model, input tokens (M), output tokens (M), input cost, calls
        { "output is 10 % of input: generation, not classification", Opus, 100, 10, 500m, null },
        { "100 output tokens per call is above the 50 cap", Opus, 100, 1, 500m, 10_000 },
        { "Haiku has no cheaper sibling", "Claude Haiku 4.5", 100, 1, 100m, 200_000 },
        { "below $100 a month", Opus, 10, 0.1m, 50m, 20_000 },
    };

    [Theory]
    [MemberData(nameof(RightSizeSilentCases))]
    public void RightSize_StaysSilent(string name, string model, decimal inputM, decimal outputM, decimal inputCost, long? calls)
    {
        var w = Workload(model, [Cell(model, "input", inputM * M, inputCost), Cell(model, "output", outputM * M, outputM * 25)], calls: calls);
        Assert.True(Run(new RightSizeDetector(), Inputs([w])).Count == 0, name);
    }

    [Fact]
    public void PromptCaching_FiresOnARegression_WithThePreviousShareAsTarget()
    {
        // Now: 95M uncached input ($285 at $3), 5M cache reads ($1.50), 5M output. Before: 70 % of prompt tokens were reads.
        var w = Workload(Sonnet,
            [Cell(Sonnet, "input", 95 * M, 285m), Cell(Sonnet, "cache-read", 5 * M, 1.5m), Cell(Sonnet, "output", 5 * M, 75m)],
            prior: [Cell(Sonnet, "input", 30 * M, 90m), Cell(Sonnet, "cache-read", 70 * M, 21m), Cell(Sonnet, "output", 5 * M, 75m)]);

        var f = Assert.Single(Run(new PromptCachingDetector(), Inputs([w])));

        // 65M more reads × ($3.00 − $0.30) = $175.50; 7M writes needed (70M ÷ 10), none now, × ($3.75 − $3.00) = $5.25.
        Assert.Equal(170.25m, f.MonthlySavings);
        Assert.Equal(Confidence.High, f.Confidence);
        Assert.Contains("regression", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void PromptCaching_FiresNearZero_WithTheAssumedPrefixShare_AtLowConfidence()
    {
        var w = Workload(Sonnet,
            [Cell(Sonnet, "input", 95 * M, 285m), Cell(Sonnet, "cache-read", 5 * M, 1.5m), Cell(Sonnet, "output", 5 * M, 75m)],
            prior: [Cell(Sonnet, "input", 95 * M, 285m), Cell(Sonnet, "cache-read", 5 * M, 1.5m), Cell(Sonnet, "output", 5 * M, 75m)]);

        var f = Assert.Single(Run(new PromptCachingDetector(), Inputs([w])));

        // Target 50 %: 45M more reads × $2.70 = $121.50, minus 5M writes × $0.75 = $3.75.
        Assert.Equal(117.75m, f.MonthlySavings);
        Assert.Equal(Confidence.Low, f.Confidence);
    }

    public static TheoryData<string, string, decimal, decimal, decimal, decimal> CachingSilentCases => new()
    {
        // name, model, input M, cache-read M, output M, prior cache-read share
        { "Nova Lite has no prompt caching", "Nova Lite", 100, 0, 5, 0m },
        { "output-heavy: 10M prompt for 5M output", Sonnet, 10, 0, 5, 0m },
        { "healthy share, small drop", Sonnet, 60, 40, 5, 0.45m },
    };

    [Theory]
    [MemberData(nameof(CachingSilentCases))]
    public void PromptCaching_StaysSilent(string name, string model, decimal inputM, decimal readM, decimal outputM, decimal priorShare)
    {
        var prompt = inputM + readM;
        var w = Workload(model,
            [Cell(model, "input", inputM * M, inputM * 3), Cell(model, "cache-read", readM * M, readM * 0.3m), Cell(model, "output", outputM * M, outputM * 15)],
            prior: [Cell(model, "input", prompt * (1 - priorShare) * M, 1m), Cell(model, "cache-read", prompt * priorShare * M, 1m), Cell(model, "output", outputM * M, 1m)]);
        Assert.True(Run(new PromptCachingDetector(), Inputs([w])).Count == 0, name);
    }

    [Theory]
    [InlineData("2,000 output tokens per call, cap 1,000: half the output cost", 2_000, 150.0)]
    [InlineData("800 per call is under the cap", 800, 0.0)]
    public void OutputCap_ChargesTheOutputAboveTheCap(string name, long outputPerCall, double expected)
    {
        const long calls = 10_000;
        var w = Workload(Sonnet, [Cell(Sonnet, "input", 10 * M, 30m), Cell(Sonnet, "output", outputPerCall * calls, 300m)], calls: calls);
        var found = Run(new OutputCapDetector(), Inputs([w]));
        Assert.True(expected == 0 ? found.Count == 0 : found.Single().MonthlySavings == (decimal)expected, name);
    }

    [Fact]
    public void OutputCap_NeedsCalls()
    {
        var w = Workload(Sonnet, [Cell(Sonnet, "input", 10 * M, 30m), Cell(Sonnet, "output", 20 * M, 300m)]);
        Assert.Empty(Run(new OutputCapDetector(), Inputs([w])));
    }

    [Theory]
    [InlineData("30,000 prompt tokens per call against a 20,000 target: a third of $900", 300, 900, null, 300.0)]
    [InlineData("grew from 10,000 to 15,000 per call: a third of $450", 150, 450, 100L, 150.0)]
    [InlineData("15,000 per call, was 14,000: not growing enough", 150, 450, 140L, 0.0)]
    public void ContextTrim_ChargesThePromptAboveTheTarget(string name, long promptM, double promptCost, long? priorPromptM, double expected)
    {
        const long calls = 10_000;
        var w = Workload(Sonnet, [Cell(Sonnet, "input", promptM * M, (decimal)promptCost), Cell(Sonnet, "output", 1 * M, 15m)], calls: calls,
            prior: priorPromptM is { } p ? [Cell(Sonnet, "input", p * M, 1m)] : null, priorCalls: priorPromptM is null ? null : calls);
        var found = Run(new ContextTrimDetector(), Inputs([w]));
        Assert.True(expected == 0 ? found.Count == 0 : found.Single().MonthlySavings == (decimal)expected, $"{name}: {string.Join(", ", found.Select(f => f.MonthlySavings))}");
    }

    [Theory]
    [InlineData("1.2M calls a month on Opus", Opus, 1_200_000L, true)]
    [InlineData("500K calls: not enough volume", Opus, 500_000L, false)]
    [InlineData("Nova Lite is not a frontier model", "Nova Lite", 5_000_000L, false)]
    [InlineData("calls unknown", Opus, null, false)]
    public void Distillation_FlagsHighVolumeFrontierFeatures_WithoutClaimingDollars(string name, string model, long? calls, bool fires)
    {
        var w = Workload(model, [Cell(model, "input", 500 * M, 2_500m), Cell(model, "output", 10 * M, 250m)], calls: calls);
        var found = Run(new DistillationDetector(), Inputs([w]));
        Assert.True(found.Count == (fires ? 1 : 0), name);
        Assert.All(found, f => Assert.Equal((0m, false), (f.MonthlySavings, f.SavingsClaimed)));
    }
}
