using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Anomalies;
using static FinOpsDashboard.Domain.Tests.Analytics.CostCells;

namespace FinOpsDashboard.Domain.Tests.Anomalies;

public sealed class AnomalyExplainerTests
{
    private const string Sonnet = "Claude Sonnet 4.6";
    private const string Haiku = "Claude Haiku 4.5";
    private const string SonnetIn = "USE1-Claude4.6Sonnet-input-tokens";
    private const string SonnetOut = "USE1-Claude4.6Sonnet-output-tokens";
    private const string SonnetRead = "USE1-Claude4.6Sonnet-cache-read-input-token-count";
    private const string HaikuIn = "USE1-MP:USE1_input_tokens_standard-Units";

    [Fact]
    public void RunawayRetries_AreAllVolume_HandComputed()
    {
        // Three baseline Tuesdays of 10M input ($30) and 1M output ($15): $45 each, $135 together; expected (median) $45 → scale 1/3.
        // The flagged day: the same shape eight times over, 80M in and 8M out = $360. Change +$315, all volume.
        var day = new[] { Cell(SonnetIn, Tokens(Sonnet, "input", 10, 3)), Cell(SonnetOut, Tokens(Sonnet, "output", 1, 15)) };
        var flagged = new[] { Cell(SonnetIn, Tokens(Sonnet, "input", 80, 3)), Cell(SonnetOut, Tokens(Sonnet, "output", 8, 15)) };

        var explanation = AnomalyExplainer.Explain(45m, flagged, [.. day, .. day, .. day], topUsageTypes: 5);

        Assert.Equal(new ChangeEffects(45m, 360m, 315m, 0, 0, 0, 0), explanation.Effects);
        Assert.Equal("volume", explanation.LargestEffect);
        // Input 240 − 30 = +210, output 120 − 15 = +105.
        Assert.Equal([new UsageTypeChange(SonnetIn, 240m, 30m), new UsageTypeChange(SonnetOut, 120m, 15m)], explanation.TopUsageTypes);
    }

    [Fact]
    public void ACacheHitRegression_IsACacheEffect_HandComputed()
    {
        // Baseline: 100M prompt tokens, 70 % read from cache: 30M input at $3 ($90) + 70M cache reads at $0.30 ($21) = $111.
        // Flagged day: the same 100M prompt tokens, 5 % read: 95M at $3 ($285) + 5M at $0.30 ($1.50) = $286.50.
        // Same volume, model, mode and prices: the whole +$175.50 is cache.
        var baseline = new[] { Cell(SonnetIn, Tokens(Sonnet, "input", 30, 3)), Cell(SonnetRead, Tokens(Sonnet, "cache-read", 70, 0.3m)) };
        var flagged = new[] { Cell(SonnetIn, Tokens(Sonnet, "input", 95, 3)), Cell(SonnetRead, Tokens(Sonnet, "cache-read", 5, 0.3m)) };

        var explanation = AnomalyExplainer.Explain(111m, flagged, baseline, topUsageTypes: 5);

        Assert.Equal(new ChangeEffects(111m, 286.5m, 0, 0, 0, 175.5m, 0), explanation.Effects);
        Assert.Equal("cache", explanation.LargestEffect);
        Assert.Equal(SonnetIn, explanation.TopUsageTypes[0].UsageType);
        Assert.Equal(195m, explanation.TopUsageTypes[0].Change);
        Assert.Equal(-19.5m, explanation.TopUsageTypes[1].Change);
    }

    [Fact]
    public void TrafficMovingToAnotherModel_IsModelMix_AndTheTopUsageTypesNameBoth()
    {
        // 10M input tokens a day on Haiku ($1/M) move to Sonnet ($3/M): +$20, all model mix.
        var explanation = AnomalyExplainer.Explain(
            10m, [Cell(SonnetIn, Tokens(Sonnet, "input", 10, 3))], [Cell(HaikuIn, Tokens(Haiku, "input", 10, 1))], topUsageTypes: 1);

        Assert.Equal(new ChangeEffects(10m, 30m, 0, 0, 20m, 0, 0), explanation.Effects);
        Assert.Equal([new UsageTypeChange(SonnetIn, 30m, 0m)], explanation.TopUsageTypes);
    }

    [Fact]
    public void ABaselineThatCostNothing_PutsTheWholeChangeInVolume()
    {
        var explanation = AnomalyExplainer.Explain(0m, [Cell(SonnetIn, Tokens(Sonnet, "input", 20, 3))], [], topUsageTypes: 5);

        Assert.Equal(new ChangeEffects(0m, 60m, 60m, 0, 0, 0, 0), explanation.Effects);
    }

    // Baseline days (each a list of cells), expected (a median), flagged day's cells.
    public static TheoryData<string, CostCell[][], decimal, CostCell[]> Mixed => new()
    {
        {
            "volume, mix, mode and cache at once, scaled by 1/3 (a repeating decimal)",
            [
                [Tokens(Sonnet, "input", 7, 3), Tokens(Sonnet, "cache-read", 3, 0.3m), Tokens(Haiku, "input", 5, 1)],
                [Tokens(Sonnet, "input", 6.5m, 3), Tokens(Sonnet, "cache-read", 3.2m, 0.3m), Tokens(Haiku, "input", 5.3m, 1)],
                [Tokens(Sonnet, "input", 7.3m, 3), Tokens(Sonnet, "cache-read", 2.9m, 0.3m), Tokens(Haiku, "input", 4.7m, 1)],
            ],
            27.11m,
            [Tokens(Sonnet, "input", 19, 3), Tokens(Sonnet, "cache-read", 1, 0.3m), Tokens(Haiku, "input", 2, 1), Tokens(Sonnet, "input", 4, 1.5m, mode: "batch")]
        },
        {
            "a drop: half the traffic gone, the rest on the global route",
            [[Tokens(Sonnet, "input", 10.004m, 3), Tokens(Sonnet, "output", 1.0003m, 15)], [Tokens(Sonnet, "input", 9.9m, 3), Tokens(Sonnet, "output", 0.97m, 15)]],
            44.99m,
            [Tokens(Sonnet, "input", 5.001m, 2.7m, crossRegion: "global"), Tokens(Sonnet, "output", 0.5m, 13.5m, crossRegion: "global")]
        },
        {
            "a new usage type with no quantity (a fee) and a unit price change",
            [[Tokens(Sonnet, "input", 3.333m, 3)], [Tokens(Sonnet, "input", 3.334m, 3)], [Tokens(Sonnet, "input", 3.3335m, 3)]],
            10.0005m,
            [Tokens(Sonnet, "input", 3.3337m, 3.3m), Fee(Sonnet, 0.777m)]
        },
    };

    [Theory]
    [MemberData(nameof(Mixed))]
    public void Decomposition_SumsExactlyToTheShownChange(string name, CostCell[][] baselineDays, decimal expected, CostCell[] flaggedDay)
    {
        var explanation = AnomalyExplainer.Explain(
            expected, flaggedDay.Select(c => Cell("u-" + c.Direction + c.Model, c)).ToList(),
            baselineDays.SelectMany(d => d).Select(c => Cell("u-" + c.Direction + c.Model, c)).ToList(), topUsageTypes: 5);

        var e = explanation.Effects;
        var shownChange = CentAllocation.ToCents(flaggedDay.Sum(c => c.Cost)) - CentAllocation.ToCents(expected);
        Assert.True(shownChange == e.Volume + e.UnitPrice + e.ModelMix + e.Cache + e.PricingMode, $"{name}: {e}");
        Assert.Equal(CentAllocation.ToCents(expected), e.Baseline);
        Assert.All(new[] { e.Volume, e.UnitPrice, e.ModelMix, e.Cache, e.PricingMode }, x => Assert.Equal(CentAllocation.ToCents(x), x));
    }

    [Fact]
    public void Decomposition_SumsExactly_OverManyRandomDays()
    {
        var random = new Random(2026);
        string[] models = [Sonnet, Haiku, "Nova Pro"];
        string[] directions = ["input", "output", "cache-read", "cache-write"];
        for (var i = 0; i < 300; i++)
        {
            CostCell RandomCell() => Tokens(
                models[random.Next(models.Length)], directions[random.Next(directions.Length)],
                Math.Round((decimal)random.NextDouble() * 50, 6), Math.Round((decimal)random.NextDouble() * 15, 4),
                mode: random.Next(4) == 0 ? "batch" : "on-demand", ttl: null);
            var baseline = Enumerable.Range(0, random.Next(1, 40)).Select(_ => Cell("u", RandomCell())).ToList();
            var flagged = Enumerable.Range(0, random.Next(1, 15)).Select(_ => Cell("u", RandomCell())).ToList();
            var expected = Math.Round(baseline.Sum(c => c.Cell.Cost) / random.Next(1, 9), 9);

            var e = AnomalyExplainer.Explain(expected, flagged, baseline, topUsageTypes: 3).Effects;

            Assert.Equal(CentAllocation.ToCents(flagged.Sum(c => c.Cell.Cost)) - CentAllocation.ToCents(expected), e.Volume + e.UnitPrice + e.ModelMix + e.Cache + e.PricingMode);
        }
    }

    private static UsageCostCell Cell(string usageType, CostCell cell) => new(usageType, cell);
}
