using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests.Demo;

namespace FinOpsDashboard.Infrastructure.Tests.Reporting;

public sealed class WeeklyReviewQueryTests
{
    // "Today" is Wednesday 2026-11-25: the last complete week is Mon 11-16 .. Sun 11-22, the week before 11-09 .. 11-15,
    // and the four weeks before it 10-19 .. 11-15.
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private static readonly DateOnly Monday = new(2026, 11, 16);

    [Fact]
    public async Task LastCompleteWeek_RunsMondayToSundayUtc_SoASundayFactBelongsToTheWeekItEnds()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await AddAsync(db,
            ReviewFacts.Fact("2026-11-16", "Nova Pro", 50m),   // Monday: first day of the week
            ReviewFacts.Fact("2026-11-22", "Nova Pro", 100m),  // Sunday: last day of the same week
            ReviewFacts.Fact("2026-11-15", "Nova Pro", 30m),   // Sunday before: the previous week
            ReviewFacts.Fact("2026-11-23", "Nova Pro", 999m)); // Monday after: the current, incomplete week

        var review = await Query(db).GetAsync(null, AccessScope.Everything, CancellationToken.None);

        Assert.Equal(Monday, review.Week.Monday);
        Assert.Equal(new DateOnly(2026, 11, 22), review.Week.Sunday);
        Assert.Equal(47, review.Week.Number);
        Assert.Equal(150m, review.ThisWeek);
        Assert.Equal(30m, review.LastWeek);
        Assert.Equal(120m, review.VsLastWeek.Change);
        Assert.Equal(4m, review.VsLastWeek.ChangeRatio);
        Assert.False(review.HasNextWeek);
        // The chart covers the five weeks [10-19, 11-23), one value per day that has spend.
        Assert.Equal(new DateOnly(2026, 10, 19), review.ChartWindow.Start);
        Assert.Equal(35, review.ChartWindow.Days);
        Assert.Equal([new ReviewDay(new DateOnly(2026, 11, 15), 30m), new ReviewDay(Monday, 50m), new ReviewDay(new DateOnly(2026, 11, 22), 100m)], review.Daily);
    }

    /// <summary>The review is kept between renders; a fact written afterwards (by any process) must show on the next one.</summary>
    [Fact]
    public async Task KeptReview_ShowsAFactWrittenAfterIt_AndEachWeekIsKeptApart()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await AddAsync(db, ReviewFacts.Fact("2026-11-18", "Nova Pro", 75m), ReviewFacts.Fact("2026-11-11", "Nova Pro", 20m));
        var query = Query(db);

        var first = await query.GetAsync(null, AccessScope.Everything, CancellationToken.None);
        Assert.Same(first, await query.GetAsync(null, AccessScope.Everything, CancellationToken.None));
        var weekBefore = await query.GetAsync(new DateOnly(2026, 11, 9), AccessScope.Everything, CancellationToken.None);
        Assert.Equal((75m, 20m), (first.ThisWeek, weekBefore.ThisWeek));

        await AddAsync(db, ReviewFacts.Fact("2026-11-19", "Nova Lite", 5m));

        var after = await query.GetAsync(null, AccessScope.Everything, CancellationToken.None);
        Assert.Equal(80m, after.ThisWeek);
        Assert.Contains(after.MoversOf(SpendDimension.Model, ReviewBaseline.LastWeek).Rows, r => r.Key == "Nova Lite");
        var team = await query.GetAsync(null, AccessScope.ForTeams(["search"]), CancellationToken.None);
        Assert.NotSame(after, team);
    }

    [Fact]
    public async Task FourWeekAverage_IsTheFourWeeksBeforeDividedByFour_AndMoversScaleTheirBaselineTheSameWay()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await AddAsync(db,
            ReviewFacts.Fact("2026-10-18", "Nova Pro", 1000m), // Sunday before the baseline: outside it
            ReviewFacts.Fact("2026-10-19", "Nova Pro", 40m),
            ReviewFacts.Fact("2026-10-28", "Nova Pro", 60m),
            ReviewFacts.Fact("2026-11-08", "Nova Pro", 80m),
            ReviewFacts.Fact("2026-11-09", "Nova Pro", 20m),
            ReviewFacts.Fact("2026-11-18", "Nova Pro", 75m));

        var review = await Query(db).GetAsync(null, AccessScope.Everything, CancellationToken.None);

        // (40 + 60 + 80 + 20) / 4 = 50; 75 vs 50 → +25, +50 %. Against last week: 75 vs 20 → +55.
        Assert.Equal(200m, review.FourWeekTotal);
        Assert.Equal(50m, review.FourWeekAverage);
        Assert.Equal(25m, review.VsFourWeekAverage.Change);
        Assert.Equal(0.5m, review.VsFourWeekAverage.ChangeRatio);
        Assert.Equal(55m, review.VsLastWeek.Change);

        // Same price ($1 per 1,000 tokens in these facts), so the whole change is volume.
        var vsAverage = Assert.Single(review.MoversOf(SpendDimension.Model, ReviewBaseline.FourWeekAverage).Rows);
        Assert.Equal(("Nova Pro", 50m, 75m, 25m, 25m), (vsAverage.Key, vsAverage.Baseline, vsAverage.Current, vsAverage.Change, vsAverage.Effects.Volume));
        var vsLast = Assert.Single(review.MoversOf(SpendDimension.Model, ReviewBaseline.LastWeek).Rows);
        Assert.Equal((20m, 75m, 55m, 55m), (vsLast.Baseline, vsLast.Current, vsLast.Change, vsLast.Effects.Volume));
    }

    [Fact]
    public async Task Movers_AreRankedByAbsoluteChange_WithTheUnattributedBucketAsARow_AndTheChangeSplitByHand()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await AddAsync(db,
            // Last week: Sonnet 100M input at $3/M, Haiku 10M at $1/M, Nova Pro 50M at $0.80/M.
            ReviewFacts.Tokens("2026-11-10", "Claude Sonnet 4.6", "search", "chat", 100, 3m),
            ReviewFacts.Tokens("2026-11-10", "Claude Haiku 4.5", "search", "classify", 10, 1m),
            ReviewFacts.Tokens("2026-11-12", "Nova Pro", "support", "summarise", 50, 0.8m),
            // This week: Sonnet grows to 150M, Haiku unchanged, Nova Pro gone, Opus new (20M at $15/M) with no team tag.
            ReviewFacts.Tokens("2026-11-17", "Claude Sonnet 4.6", "search", "chat", 150, 3m),
            ReviewFacts.Tokens("2026-11-17", "Claude Haiku 4.5", "search", "classify", 10, 1m),
            ReviewFacts.Tokens("2026-11-21", "Claude Opus 4.8", Attribution.Unattributed, "agent", 20, 15m));

        var review = await Query(db).GetAsync(null, AccessScope.Everything, CancellationToken.None);

        // Models: Opus +300 (new), Sonnet +150, Nova Pro −40 (gone); Haiku did not move and is left out.
        var models = review.MoversOf(SpendDimension.Model, ReviewBaseline.LastWeek);
        Assert.Equal(["Claude Opus 4.8", "Claude Sonnet 4.6", "Nova Pro"], models.Rows.Select(m => m.Key));
        Assert.Equal([300m, 150m, -40m], models.Rows.Select(m => m.Change));
        Assert.Equal(3, models.ChangedKeys);
        Assert.Equal("new: volume +$300", models.Rows[0].Reason);
        Assert.Equal("stopped: volume −$40.00", models.Rows[2].Reason);

        // Teams: the unattributed bucket is a mover like any other key.
        var teams = review.MoversOf(SpendDimension.Team, ReviewBaseline.LastWeek);
        Assert.Equal([Attribution.Unattributed, "search", "support"], teams.Rows.Select(m => m.Key));

        // search: 110M input-side tokens (100M Sonnet at $3, 10M Haiku at $1) → 160M (150M, 10M); 310 → 460.
        // Volume: 160M at the old mix and prices = 160 × 310 / 110 = 450.909090… → +140.909090…
        // Model mix: 150 × 3 + 10 × 1 = 460 → 460 − 450.909090… = +9.090909…; cents: +140.91 and +9.09 = +150.00.
        var search = teams.Rows[1];
        Assert.Equal((310m, 460m, 150m), (search.Baseline, search.Current, search.Change));
        Assert.Equal((140.91m, 0m, 9.09m, 0m, 0m), (search.Effects.Volume, search.Effects.UnitPrice, search.Effects.ModelMix, search.Effects.Cache, search.Effects.PricingMode));
        // Model mix is under a tenth of volume, so the reason names volume only.
        Assert.Equal("volume +$141", search.Reason);

        // Attributed: (450 + 10 + 300 − 300) / 760 = 60.5 %.
        Assert.Equal(760m, review.ThisWeek);
        Assert.Equal(300m, review.Unattributed);
        Assert.Equal(460m / 760m, review.AttributedShare);

        // Pricing mode: one key, on-demand, 350 → 760.
        var mode = Assert.Single(review.MoversOf(SpendDimension.PricingMode, ReviewBaseline.LastWeek).Rows);
        Assert.Equal(("on-demand", 410m), (mode.Key, mode.Change));
        AssertEffectsAddUp(review);
    }

    [Fact]
    public async Task Movers_KeepTheTopEight_TiesInKeyOrder_AndCountEveryKeyThatMoved()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var facts = new List<CostFact>();
        for (var i = 1; i <= 10; i++)
        {
            // Feature f01 grows by $1, f02 by $2 … f10 by $10; "a-tie" and "b-tie" both grow by $9.
            facts.Add(ReviewFacts.Fact("2026-11-12", "Nova Pro", 10m, feature: $"f{i:00}"));
            facts.Add(ReviewFacts.Fact("2026-11-19", "Nova Pro", 10m + i, feature: $"f{i:00}"));
        }

        facts.Add(ReviewFacts.Fact("2026-11-19", "Nova Pro", 9m, feature: "b-tie"));
        facts.Add(ReviewFacts.Fact("2026-11-19", "Nova Pro", 9m, feature: "a-tie"));
        await AddAsync(db, [.. facts]);

        var review = await Query(db).GetAsync(null, AccessScope.Everything, CancellationToken.None);

        var features = review.MoversOf(SpendDimension.Feature, ReviewBaseline.LastWeek);
        Assert.Equal(WeeklyReviewQuery.MoverCount, features.Rows.Count);
        Assert.Equal(12, features.ChangedKeys);
        Assert.Equal(["f10", "a-tie", "b-tie", "f09", "f08", "f07", "f06", "f05"], features.Rows.Select(m => m.Key));
        AssertEffectsAddUp(review);
    }

    [Fact]
    public async Task AChosenWeek_IsReviewedAgainstItsOwnPreviousWeeks()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await AddAsync(db,
            ReviewFacts.Fact("2026-11-01", "Nova Pro", 10m),
            ReviewFacts.Fact("2026-11-02", "Nova Pro", 25m),
            ReviewFacts.Fact("2026-11-09", "Nova Pro", 70m));

        var review = await Query(db).GetAsync(new DateOnly(2026, 11, 2), AccessScope.Everything, CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 11, 2), review.Week.Monday);
        Assert.True(review.HasNextWeek);
        Assert.Equal((25m, 10m, 2.5m), (review.ThisWeek, review.LastWeek, review.FourWeekAverage));
    }

    [Fact]
    public async Task AWeekThatIsNotAMondayOrHasNotEnded_IsRejectedWithAReason()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var query = Query(db);

        Assert.Null(query.WeekProblem(Monday));
        Assert.Contains("2026-11-18 is a Wednesday", query.WeekProblem(new DateOnly(2026, 11, 18)), StringComparison.Ordinal);
        Assert.Contains("has not ended yet", query.WeekProblem(new DateOnly(2026, 11, 23)), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => query.GetAsync(new DateOnly(2026, 11, 18), AccessScope.Everything, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => query.GetAsync(new DateOnly(2026, 11, 23), AccessScope.Everything, CancellationToken.None));
    }

    [Fact]
    public async Task Anomalies_AreAwsOnesOverlappingTheWeek_LargestImpactFirst_WithRootCauses_AndEstimatedDaysAreCounted()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            context.AwsAnomalies.AddRange(
                Anomaly("ended-on-monday", "2026-11-10", "2026-11-16", 120m),
                Anomaly("still-open", "2026-11-20", null, 500m,
                    new RootCause("Amazon Bedrock", "us-east-1", "111122223333", "Payments", "USE1-Claude4.6Sonnet-input-tokens", new RootCauseImpact(480.25))),
                Anomaly("next-week", "2026-11-23", "2026-11-24", 900m),
                Anomaly("before", "2026-11-01", "2026-11-15", 700m));
            context.IngestedDays.AddRange(Day("2026-11-21", true), Day("2026-11-22", true), Day("2026-11-20", false), Day("2026-11-23", true));
            await context.SaveChangesAsync();
        }

        var review = await Query(db).GetAsync(null, AccessScope.Everything, CancellationToken.None);

        Assert.Equal(["still-open", "ended-on-monday"], review.Anomalies.Select(a => a.AnomalyId));
        var cause = Assert.Single(review.Anomalies[0].RootCauses);
        Assert.Equal(new ReviewRootCause("Amazon Bedrock", "us-east-1", "Payments (111122223333)", "USE1-Claude4.6Sonnet-input-tokens", 480.25m), cause);
        Assert.Equal(500m, review.Anomalies[0].TotalImpact);
        Assert.Equal(2, review.EstimatedDays);
    }

    [Theory]
    [InlineData("two large effects, largest first", 1000, 1894, 1204, 0, -310, 0, 0, "volume +$1,204; model mix −$310")]
    [InlineData("a second effect under a tenth of the first is left out", 1000, 1205, 200, 5, 0, 0, 0, "volume +$200")]
    [InlineData("small amounts keep their cents", 10, 6.5, 0, 0, 0, -3.5, 0, "cache −$3.50")]
    [InlineData("below $100 both effects show cents", 100, 140, 30, 0, 10, 0, 0, "volume +$30.00; model mix +$10.00")]
    [InlineData("pricing mode and unit price", 500, 300, 0, -50, 0, 0, -150, "pricing mode −$150; unit price −$50")]
    public void MoverReason_NamesTheLargestEffectsInWords(string name, double baseline, double current, double volume, double unitPrice, double mix, double cache, double mode, string expected)
    {
        var effects = new ChangeEffects((decimal)baseline, (decimal)current, (decimal)volume, (decimal)unitPrice, (decimal)mix, (decimal)cache, (decimal)mode);
        Assert.True(effects.Volume + effects.UnitPrice + effects.ModelMix + effects.Cache + effects.PricingMode == effects.Change, name);
        Assert.Equal(expected, MoverReason.Describe(effects));
    }

    /// <summary>The page's promise: on every row the five cent-rounded effects add up exactly to the rounded change.</summary>
    internal static void AssertEffectsAddUp(WeeklyReviewReport review)
    {
        foreach (var movers in review.Movers)
        {
            Assert.True(movers.Rows.Count <= WeeklyReviewQuery.MoverCount);
            for (var i = 0; i < movers.Rows.Count; i++)
            {
                var m = movers.Rows[i];
                var e = m.Effects;
                var label = $"{movers.Dimension} vs {movers.Against}: {m.Key}";
                Assert.True(e.Volume + e.UnitPrice + e.ModelMix + e.Cache + e.PricingMode == m.Change, $"{label}: effects {e} do not add up to {m.Change}");
                Assert.True(new[] { m.Baseline, m.Current, e.Volume, e.UnitPrice, e.ModelMix, e.Cache, e.PricingMode }.All(a => a == CentAllocation.ToCents(a)), $"{label}: not in cents: {e}");
                Assert.NotEqual(0m, m.Change);
                if (i > 0)
                {
                    Assert.True(Math.Abs(movers.Rows[i - 1].Change) >= Math.Abs(m.Change), $"{label} is out of order");
                }
            }
        }
    }

    private static WeeklyReviewQuery Query(TestDatabase db) => new(new SpendReports(db.Factory()), db.Factory(), Clock);

    private static async Task AddAsync(TestDatabase db, params CostFact[] facts)
    {
        await using var context = db.Context();
        context.CostFacts.AddRange(facts);
        await context.SaveChangesAsync();
        await db.DeriveSpendRollupAsync();
    }

    private static AwsAnomaly Anomaly(string id, string start, string? end, decimal impact, params RootCause[] causes) => new()
    {
        AnomalyId = id,
        AccountId = "111122223333",
        MonitorArn = "arn:aws:ce::111122223333:anomalymonitor/bedrock",
        StartDate = ReviewFacts.Day(start),
        EndDate = end is null ? null : ReviewFacts.Day(end),
        DimensionValue = "Amazon Bedrock",
        TotalImpact = impact,
        TotalActualSpend = impact * 2,
        TotalExpectedSpend = impact,
        RootCausesJson = JsonSerializer.Serialize(causes.ToList()),
        Source = "cost-explorer",
        IngestedAt = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc),
    };

    private static IngestedDay Day(string date, bool estimated) => new()
    {
        Source = "cost-explorer",
        AccountId = "111122223333",
        Date = ReviewFacts.Day(date),
        IsEstimated = estimated,
        FactCount = 1,
        IngestedAt = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc),
    };
}

/// <summary>Cost facts for review tests: on-demand input tokens unless said otherwise.</summary>
public static class ReviewFacts
{
    public static DateOnly Day(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A charge of <paramref name="cost"/> for 1,000 tokens per dollar (so every fact has the same unit price).</summary>
    public static CostFact Fact(string date, string model, decimal cost, string team = "search", string feature = "chat") =>
        Build(date, model, team, feature, cost * 1000m, cost);

    /// <summary><paramref name="millions"/> million input tokens at <paramref name="ratePerMillion"/>.</summary>
    public static CostFact Tokens(string date, string model, string team, string feature, decimal millions, decimal ratePerMillion) =>
        Build(date, model, team, feature, millions * 1_000_000m, millions * ratePerMillion);

    private static CostFact Build(string date, string model, string team, string feature, decimal tokens, decimal cost) => new()
    {
        Date = Day(date),
        AccountId = "111122223333",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = $"USE1-{model.Replace(" ", "", StringComparison.Ordinal)}-input-tokens",
        Model = model,
        PricingMode = "on-demand",
        TokenDirection = "input",
        Team = team,
        TeamTag = team,
        FeatureTag = feature,
        Feature = feature,
        Quantity = tokens,
        Unit = "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "cost-explorer",
        IngestedAt = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc),
    };
}
