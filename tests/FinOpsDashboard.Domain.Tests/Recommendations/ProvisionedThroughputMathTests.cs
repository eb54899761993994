using FinOpsDashboard.Domain.Recommendations;
using static FinOpsDashboard.Domain.Tests.Recommendations.RecommendationBuilders;

namespace FinOpsDashboard.Domain.Tests.Recommendations;

public sealed class ProvisionedThroughputMathTests
{
    [Theory]
    [InlineData("30 % of one unit for a day", 8_640_000L, 24, 20_000L, 1, 0.30)]
    [InlineData("two units halve it", 8_640_000L, 24, 20_000L, 2, 0.15)]
    [InlineData("over capacity", 57_600_000L, 24, 20_000L, 2, 1.00)]
    [InlineData("14 days", 120_960_000L, 336, 20_000L, 1, 0.30)]
    public void Utilization_IsServedOverCapacity(string name, long tokens, int hours, long capacity, int units, double expected) =>
        Assert.True((decimal)expected == ProvisionedThroughputMath.Utilization(tokens, hours, capacity, units), name);

    [Fact]
    public void EffectiveCost_BreakEven_AndMonthlyCost()
    {
        // $55/h for a day = $1,320 over 8.64M tokens → $152.78 per 1M.
        Assert.Equal(152.78m, Math.Round(ProvisionedThroughputMath.EffectiveCostPerMillion(55m, 8_640_000, 24)!.Value, 2));
        Assert.Null(ProvisionedThroughputMath.EffectiveCostPerMillion(55m, 0, 24));
        // $1,320 a day at $0.80 per 1M on demand → 1,650M tokens a day.
        Assert.Equal(1_650_000_000m, ProvisionedThroughputMath.BreakEvenTokensPerDay(55m, 0.80m));
        Assert.Null(ProvisionedThroughputMath.BreakEvenTokensPerDay(55m, null));
        Assert.Equal(39_600m, ProvisionedThroughputMath.MonthlyCost(55m));
    }

    [Theory]
    [InlineData("19.5 days ahead", "2026-12-11T17:30:00", "2026-11-22T05:30:00", 19)]
    [InlineData("passed", "2026-11-01T00:00:00", "2026-11-22T05:30:00", 0)]
    public void DaysToExpiry_CountsWholeDays(string name, string end, string now, int expected) =>
        Assert.True(expected == ProvisionedThroughputMath.DaysToExpiry(DateTime.Parse(end, System.Globalization.CultureInfo.InvariantCulture), DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture)), name);

    [Fact]
    public void RealisedSaving_UnitCost_IsTheDropInCostPerMillionTimesTodaysVolume()
    {
        // Raised at $3.00 per 1M; now $1,000 for 1,000M tokens ($1.00) → $2.00 × 1,000M a month = $2,000.
        var now = Workload("Claude Haiku 4.5", [Cell("Claude Haiku 4.5", "input", 1_000 * M, 1_000m)], team: "support", feature: "triage");
        var r = Stored(Measurement.UnitCost, baselinePerMillion: 3m, baselineMonthly: 3_000m);
        var (saving, note) = RealisedSavings.Measure(r, Inputs([now]));
        Assert.Equal(2_000m, saving);
        Assert.Contains("per 1M tokens", note, StringComparison.Ordinal);
    }

    [Fact]
    public void RealisedSaving_Provisioned_IsTheDropInPtSpend()
    {
        var now = Workload("Nova 2 Lite", [new Domain.Analytics.CostCell("Nova 2 Lite", "provisioned", "model-units", null, "none", "hours", 360, 19_800m)], mode: "provisioned");
        var r = Stored(Measurement.ProvisionedCost, null, 39_600m, model: "Nova 2 Lite");
        Assert.Equal(19_800m, RealisedSavings.Measure(r, Inputs([now])).Saving);
    }

    [Fact]
    public void RealisedSaving_IsUnknown_WhenTheScopeHasNoTrafficNow()
    {
        var r = Stored(Measurement.UnitCost, baselinePerMillion: 3m, baselineMonthly: 3_000m);
        Assert.Null(RealisedSavings.Measure(r, Inputs([])).Saving);
    }

    private static StoredRecommendation Stored(string kind, decimal? baselinePerMillion, decimal baselineMonthly, string? model = null) => new()
    {
        Key = "k", Lever = "right-size", Title = "t", Confidence = Confidence.High, Evidence = "", Formula = "", InputsJson = "[]", ChartTitle = "", ChartJson = "[]",
        Status = RecommendationStatus.Done, MeasurementKind = kind, MeasurementTeam = "support", MeasurementFeature = "triage", MeasurementModel = model,
        BaselineCostPerMillion = baselinePerMillion, BaselineMonthlyCost = baselineMonthly,
    };
}
