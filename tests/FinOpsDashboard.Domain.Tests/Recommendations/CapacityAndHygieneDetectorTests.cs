using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Recommendations.Detectors;
using static FinOpsDashboard.Domain.Tests.Recommendations.RecommendationBuilders;

namespace FinOpsDashboard.Domain.Tests.Recommendations;

/// <summary>Batch, PT commit, PT under-use, throttling, embeddings, attribution: firing and silent cases, dollars by hand.</summary>
public sealed class CapacityAndHygieneDetectorTests
{
    private const string NovaPro = "Nova Pro";

    // $400 input (500M at $0.80) + $320 output (100M at $3.20): batch at half → $360.
    private static WorkloadUsage NightlyNovaPro(string mode = "on-demand", IReadOnlyList<decimal>? daily = null) =>
        Workload(NovaPro, [Cell(NovaPro, "input", 500 * M, 400m, mode, "none"), Cell(NovaPro, "output", 100 * M, 320m, mode, "none")],
            team: "commerce", feature: "catalog-enrichment", mode: mode, daily: daily ?? Enumerable.Repeat(24m, 30).ToList());

    private static IReadOnlyList<decimal> WeekdaysOnly() =>
        Enumerable.Range(0, 30).Select(i => Window.Start.AddDays(i).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0m : 33m).ToList();

    [Fact]
    public void Batch_FiresOnSteadyOffHoursTraffic_AtHalfItsTokenCost()
    {
        var inputs = Inputs([NightlyNovaPro()], telemetry: [Telemetry("amazon.nova-pro-v1:0", NovaPro, hours: Hours(100, 1, 2, 3, 4))]);
        var f = Assert.Single(Run(new BatchDetector(), inputs));
        Assert.Equal(360m, f.MonthlySavings);
        Assert.Equal(Confidence.High, f.Confidence);
        Assert.Equal(24, f.Chart.Count);
    }

    [Fact]
    public void Batch_FiresOnAFeatureDeclaredNonInteractive_WhateverItsShape()
    {
        var settings = new RecommendationSettings { NonInteractiveFeatures = ["catalog-enrichment"] };
        var inputs = Inputs([NightlyNovaPro(daily: WeekdaysOnly())], telemetry: [Telemetry("amazon.nova-pro-v1:0", NovaPro, hours: Hours(100, 10, 11, 12))], settings: settings);
        Assert.Equal(360m, Assert.Single(Run(new BatchDetector(), inputs)).MonthlySavings);
    }

    public static TheoryData<string, string, bool, int[]> BatchSilentCases => new()
    {
        // name, mode, weekdays only, busy hours (UTC)
        { "steady but office hours", "on-demand", false, [9, 10, 11, 12, 13, 14, 15, 16] },
        { "off-hours but weekdays only", "on-demand", true, [1, 2, 3, 4] },
        { "already batch", "batch", false, [1, 2, 3, 4] },
    };

    [Theory]
    [MemberData(nameof(BatchSilentCases))]
    public void Batch_StaysSilent(string name, string mode, bool weekdaysOnly, int[] busy)
    {
        var inputs = Inputs([NightlyNovaPro(mode, weekdaysOnly ? WeekdaysOnly() : null)], telemetry: [Telemetry("amazon.nova-pro-v1:0", NovaPro, hours: Hours(100, busy))]);
        Assert.True(Run(new BatchDetector(), inputs).Count == 0, name);
    }

    [Fact]
    public void PtCommit_FiresWhenStableVolumeCostsMoreOnDemandThanAReservation()
    {
        // 144M tokens a day, flat over the day: 100,000 tokens/min at peak = 1 unit of 100,000. $30,000 on-demand vs 1 × $20 × 720 = $14,400.
        var w = Workload(NovaPro, [Cell(NovaPro, "input", 4_320 * M, 30_000m, route: "none")], team: "search", feature: "rerank", dailyTokens: Enumerable.Repeat(144m * M, 30).ToList());
        var inputs = Inputs([w], telemetry: [Telemetry("amazon.nova-pro-v1:0", NovaPro)], offers: [new PtOffer(NovaPro, "1-month", 20m, 100_000)]);
        var f = Assert.Single(Run(new PtCommitDetector(), inputs));
        Assert.Equal(15_600m, f.MonthlySavings);
        Assert.Contains("Break-even: 69,120,000 tokens a day", f.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one day 17 % below the mean in the last 14", 120.0, true)]
    [InlineData("no offer for the model", 144.0, false)]
    public void PtCommit_StaysSilent(string name, double oddDayM, bool withOffer)
    {
        var daily = Enumerable.Repeat(144m * M, 30).ToList();
        daily[25] = (decimal)oddDayM * M;
        var w = Workload(NovaPro, [Cell(NovaPro, "input", 4_320 * M, 30_000m, route: "none")], dailyTokens: daily);
        var inputs = Inputs([w], offers: withOffer ? [new PtOffer(NovaPro, "1-month", 20m, 100_000)] : []);
        Assert.True(Run(new PtCommitDetector(), inputs).Count == 0, name);
    }

    private static ReservationUsage Reservation(long tokensPerHour, long? capacity = 20_000) =>
        new("arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc", "tagger-pt", "Nova 2 Lite", 1, "1-month", null, capacity, 55m, "billed",
            Enumerable.Range(0, 14 * 24).Select(h => new HourlyTokens(new DateTime(2026, 10, 17, 0, 0, 0, DateTimeKind.Utc).AddHours(h), tokensPerHour)).ToList(), 1_000, 0);

    [Theory]
    // 360,000 tokens an hour = 6,000 a minute of 20,000 → 30 %: 70 % of $55 × 720 = $27,720.
    [InlineData("30 % used: scale down", 360_000L, 27_720.0, "Scale down")]
    [InlineData("nothing served: delete", 0L, 39_600.0, "Delete idle")]
    [InlineData("70 %: below target", 840_000L, 11_880.0, "Use more")]
    public void PtUnderused_ChargesTheIdleShareOfTheReservation(string name, long tokensPerHour, double expected, string title)
    {
        var f = Assert.Single(Run(new PtUnderusedDetector(), Inputs(reservations: [Reservation(tokensPerHour)])));
        Assert.True((decimal)expected == f.MonthlySavings, $"{name}: {f.MonthlySavings}");
        Assert.StartsWith(title, f.Title, StringComparison.Ordinal);
        Assert.Equal(14, f.Chart.Count);
    }

    [Theory]
    [InlineData("85 % is in the band", 1_020_000L, 20_000L)]
    [InlineData("capacity not set", 360_000L, null)]
    public void PtUnderused_StaysSilent(string name, long tokensPerHour, long? capacity) =>
        Assert.True(Run(new PtUnderusedDetector(), Inputs(reservations: [Reservation(tokensPerHour, capacity)])).Count == 0, name);

    [Theory]
    [InlineData("one day at 13 % throttled", 5L, 1_500L, true)]
    [InlineData("2 % throttled every day", 200L, 200L, true)]
    [InlineData("0.05 % throttled", 5L, 5L, false)]
    public void Throttling_FlagsAModelId_WithoutClaimingDollars(string name, long everyDay, long worstDay, bool fires)
    {
        var t = Telemetry("global.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", day: i => (10_000, i == 12 ? worstDay : everyDay));
        var found = Run(new PtThrottledDetector(), Inputs(telemetry: [t]));
        Assert.True(found.Count == (fires ? 1 : 0), name);
        Assert.All(found, f => Assert.False(f.SavingsClaimed));
    }

    [Fact]
    public void Throttling_IgnoresAFewThrottles_EvenAtAHighRate()
    {
        var t = Telemetry("us.anthropic.claude-opus-4-8", "Claude Opus 4.8", day: i => i < 3 ? (10, 20) : (0, 0));
        Assert.Empty(Run(new PtThrottledDetector(), Inputs(telemetry: [t])));
    }

    [Theory]
    // 29 days of 10B tokens and one of 50B at $0.02 per 1M: 40B above the median × $0.02 × 50 % = $400.
    [InlineData("a full re-embed day", 50.0, "on-demand", 400.0)]
    [InlineData("twice the median is not a re-embed", 20.0, "on-demand", 0.0)]
    [InlineData("already batch", 50.0, "batch", 0.0)]
    public void Embeddings_ChargesTheBatchDiscountOnReEmbedDays(string name, double spikeB, string mode, double expected)
    {
        const string titan = "Titan Text Embeddings V2";
        var daily = Enumerable.Repeat(10_000m * M, 30).ToList();
        daily[20] = (decimal)spikeB * 1_000 * M;
        var tokens = daily.Sum();
        var w = Workload(titan, [Cell(titan, "input", tokens, tokens * 0.02m / M, mode, "none")], team: "search", feature: "semantic-search", mode: mode, dailyTokens: daily);
        var found = Run(new EmbeddingsDetector(), Inputs([w]));
        Assert.True(expected == 0 ? found.Count == 0 : found.Single().MonthlySavings == (decimal)expected, name);
    }

    [Theory]
    [InlineData("6 % unattributed", 600.0, true)]
    [InlineData("4 % unattributed", 400.0, false)]
    public void AttributionCoverage_FlagsUnownedSpendAboveTheThreshold(string name, double unattributed, bool fires)
    {
        var found = Run(new AttributionCoverageDetector(), Inputs(total: 10_000m, unattributed: (decimal)unattributed));
        Assert.True(found.Count == (fires ? 1 : 0), name);
        Assert.All(found, f => Assert.Equal(0m, f.MonthlySavings));
    }
}
