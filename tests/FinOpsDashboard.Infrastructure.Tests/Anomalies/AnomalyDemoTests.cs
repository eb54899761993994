using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Anomalies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SpendReports = FinOpsDashboard.Infrastructure.Reporting.SpendReports;
using Xunit.Abstractions;

namespace FinOpsDashboard.Infrastructure.Tests.Anomalies;

/// <summary>The detector on the standard demo (120 days to 2026-06-30), against what the simulator knows it planted.</summary>
public sealed class AnomalyDemoTests(SeededDemo demo, ITestOutputHelper output) : IClassFixture<SeededDemo>
{
    [Fact]
    public async Task RetrySpike_IsFlaggedOnItsDay_ForTheFeatureAndTheTeam_WithinTenPercentOfTheSimulatorsExtraCost()
    {
        var truth = demo.Workload.Scenarios.RetrySpike;
        var flags = await FlagsAsync();
        output.WriteLine($"{demo.StepSummary}; planted extra cost {truth.ExtraCost:F2} on {truth.Day:yyyy-MM-dd}");

        foreach (var (dimension, key) in new[] { ("feature", truth.Feature), ("team", truth.Team) })
        {
            var series = flags.Where(f => f.Dimension == dimension && f.Key == key).ToList();
            var flag = series.SingleOrDefault(f => f.Date == truth.Day);
            Assert.True(flag is not null, $"{dimension} {key} not flagged on {truth.Day:yyyy-MM-dd}; flagged on {string.Join(", ", series.Select(f => f.Date))}");
            output.WriteLine($"{dimension} {key}: actual {flag.ActualUsd:F2} − expected {flag.ExpectedUsd:F2} = {flag.Deviation:F2}, z {flag.Z:F1}, {flag.Severity}");
            Assert.InRange(flag.Deviation, truth.ExtraCost * 0.9m, truth.ExtraCost * 1.1m);
            Assert.Equal("critical", flag.Severity);
            Assert.True(flag.VolumeUsd + flag.MixUsd > 0.9m * flag.Deviation, "runaway retries are more of the same calls: volume (and, within a team, mix toward the spiking model)");
            Assert.Equal($"demo-{truth.Day:yyyy-MM-dd}-{truth.StreamId}", flag.AwsAnomalyId);
        }

        // The feature's spike is all one model's usage types, and the model is named in its top usage types.
        var feature = AnomalyQuery.Item(flags.Single(f => f.Dimension == "feature" && f.Key == truth.Feature && f.Date == truth.Day));
        Assert.All(feature.TopUsageTypes, t => Assert.Contains("Claude4.6Sonnet", t.UsageType, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CacheRegression_IsFlaggedFromItsStart_WithCacheAsTheLargestEffect()
    {
        var truth = demo.Workload.Scenarios.CacheRegression;
        var flags = (await FlagsAsync()).Where(f => f.Dimension == "feature" && f.Key == truth.Feature).ToList();
        output.WriteLine($"regression from {truth.StartDay:yyyy-MM-dd}, about {truth.ExtraCostPerDay:F2} a day; {truth.Feature} flagged on {flags.Count} day(s)");

        var first = flags.MinBy(f => f.Date)!;
        Assert.Equal(truth.StartDay, first.Date);
        // Flagged every day of its first week, before the trailing median starts to absorb the new level.
        Assert.Equal(7, flags.Count(f => f.Date < truth.StartDay.AddDays(7)));
        foreach (var flag in flags.Where(f => f.Date >= truth.StartDay))
        {
            var explanation = AnomalyQuery.Item(flag).Effects!;
            Assert.True(AnomalyExplanation.Named(explanation).MaxBy(e => Math.Abs(e.Amount)).Name == "cache", $"{flag.Date}: {explanation}");
        }
    }

    [Fact]
    public async Task NothingAbsurd_NoNormalWeekendIsFlagged_AndEveryExplanationAddsUpToItsChange()
    {
        var scenarios = demo.Workload.Scenarios;
        var flags = await FlagsAsync();
        string[] regressionSeries = [$"feature:{scenarios.CacheRegression.Feature}", $"team:{scenarios.CacheRegression.Team}", "model:Claude Sonnet 4.6", "pricing-mode:on-demand", "total:all"];

        foreach (var flag in flags)
        {
            var weekend = flag.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var planted = flag.Date == scenarios.RetrySpike.Day
                || (flag.Date >= scenarios.CacheRegression.StartDay && regressionSeries.Contains($"{flag.Dimension}:{flag.Key}"));
            Assert.False(weekend && !planted, $"a normal weekend flagged: {flag.Date:yyyy-MM-dd} {flag.Dimension} {flag.Key} z {flag.Z:F1}");
            // Before any planted scenario only noise can be flagged, and noise is never more than low.
            if (flag.Date < scenarios.CacheRegression.StartDay)
            {
                Assert.Equal("low", flag.Severity);
            }

            var shown = CentAllocation.ToCents(flag.ActualUsd) - CentAllocation.ToCents(flag.ExpectedUsd);
            Assert.Equal(shown, flag.VolumeUsd + flag.UnitPriceUsd + flag.MixUsd + flag.CacheUsd + flag.ModeUsd);
            Assert.True(Math.Abs(flag.Deviation) >= 50m && Math.Abs(flag.Z) >= 3.5);
        }

        Assert.InRange(flags.Count(f => f.Date < scenarios.CacheRegression.StartDay), 0, 10);
    }

    [Fact]
    public async Task AwsFinding_OfTheSpikeDay_IsListedBesideOurs_WithTheFlagsItMatches()
    {
        var truth = demo.Workload.Scenarios.RetrySpike;
        var query = new AnomalyQuery(demo.Db.Factory(), new SpendReports(demo.Db.Factory()), Options.Create(new AnomalySettings()));

        var items = await query.ListAsync(new AnomalyListFilter(new DateWindow(truth.Day, truth.Day.AddDays(1))), AccessScope.Everything, CancellationToken.None);

        var aws = Assert.Single(items, i => i.Source == AnomalySource.Aws);
        Assert.Equal(AnomalySeverity.Critical, aws.Severity);
        var matched = items.Where(i => i.Id is { } id && aws.MatchedIds.Contains(id)).Select(i => $"{i.Dimension.Slug()}:{i.Key}").Order().ToList();
        Assert.Equal(["feature:email-campaigns", "model:Claude Sonnet 4.6", "pricing-mode:on-demand", "team:growth", "total:all"], matched);
    }

    private async Task<List<SpendAnomaly>> FlagsAsync()
    {
        await using var db = demo.Db.Context();
        return await db.Anomalies.AsNoTracking().OrderBy(a => a.Date).ToListAsync();
    }
}
