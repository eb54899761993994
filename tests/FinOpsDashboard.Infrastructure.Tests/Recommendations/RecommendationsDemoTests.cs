using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Recommendations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FinOpsDashboard.Infrastructure.Tests.Recommendations;

/// <summary>On the seeded demo: each planted scenario is found by the right detector within 10 % of the simulator's own figure, and nothing absurd is.</summary>
public sealed class RecommendationsDemoTests(SeededDemo demo, ITestOutputHelper output) : IClassFixture<SeededDemo>
{
    private RecommendationStore Store => demo.Services.GetRequiredService<RecommendationStore>();

    private async Task<StoredRecommendation> FindingAsync(string lever, string? team, string? feature, string? model = null)
    {
        var all = await Store.ListAsync(new RecommendationQuery(Lever: lever), AccessScope.Everything, CancellationToken.None);
        return Assert.Single(all, r => r.Team == team && r.Feature == feature && (model is null || r.Model == model));
    }

    private void AssertWithinTenPercent(decimal truth, decimal estimate, string what)
    {
        output.WriteLine($"{what}: estimate {estimate:N2} vs simulator {truth:N2} ({(estimate / truth) - 1:P1})");
        Assert.True(Math.Abs(estimate - truth) <= Math.Abs(truth) * 0.10m, $"{what}: estimate {estimate:N2} vs simulator {truth:N2} ({(estimate / truth) - 1:P1})");
    }

    [Fact]
    public async Task PremiumModelOnClassificationWork_IsARightSize_WithinTenPercent()
    {
        var truth = demo.Workload.Scenarios.PremiumModelMisuse;
        var r = await FindingAsync(Levers.RightSize, truth.Team, truth.Feature);
        AssertWithinTenPercent(truth.MonthlySaving, r.MonthlySavings, "right-size");
        Assert.Equal("Claude Opus 4.8", r.Model);
        Assert.Equal(Confidence.High, r.Confidence); // CloudWatch's Opus calls are all this feature's
        Assert.Contains("Claude Haiku 4.5", r.Alternative, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OvernightBulkOnDemandJob_IsABatchCandidate_WithinTenPercent()
    {
        var truth = demo.Workload.Scenarios.OvernightBulkJob;
        var r = await FindingAsync(Levers.Batch, truth.Team, truth.Feature);
        AssertWithinTenPercent(truth.MonthlyBatchSaving, r.MonthlySavings, "batch");
    }

    [Fact]
    public async Task CacheHitRegression_IsAPromptCachingFinding_WithinTenPercent()
    {
        var truth = demo.Workload.Scenarios.CacheRegression;
        var r = await FindingAsync(Levers.PromptCaching, truth.Team, truth.Feature);
        AssertWithinTenPercent(truth.ExtraCostPerDay * 30, r.MonthlySavings, "prompt caching");
        Assert.Equal(Confidence.High, r.Confidence);
        Assert.Contains("regression", r.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderusedReservation_IsPtUnderused_WithinTenPercent()
    {
        var truth = demo.Workload.Scenarios.UnderusedProvisionedThroughput;
        var r = await FindingAsync(Levers.PtUnderused, null, null, "Nova 2 Lite");
        AssertWithinTenPercent(truth.MonthlyIdleCost, r.MonthlySavings, "PT under-use");
    }

    [Fact]
    public async Task RunawayRetries_ShowAsThrottlingOnTheirModelId_OnTheSpikeDay()
    {
        var truth = demo.Workload.Scenarios.RetrySpike;
        var r = await FindingAsync(Levers.PtThrottled, null, null, "Claude Sonnet 4.6");
        Assert.Contains($"worst day {truth.Day:yyyy-MM-dd}", r.Evidence, StringComparison.Ordinal);
        Assert.Contains(truth.ModelId, r.Title, StringComparison.Ordinal);
        Assert.False(r.SavingsClaimed);
    }

    [Fact]
    public async Task UnattributedSpend_AboveFivePercent_IsFlagged()
    {
        Assert.True(demo.Workload.Scenarios.UnattributedShare > 0.05m);
        var r = await FindingAsync(Levers.AttributionCoverage, null, null);
        Assert.Equal(0m, r.MonthlySavings);
    }

    [Fact]
    public async Task NothingAbsurd_OnTheDemo()
    {
        var all = await Store.ListAsync(new RecommendationQuery(), AccessScope.Everything, CancellationToken.None);
        Assert.All(all, r =>
        {
            Assert.True(r.MonthlySavings >= 0, r.Key);
            Assert.True(!r.SavingsClaimed || r.MonthlySavings <= r.ScopeMonthlyCost, $"{r.Key}: {r.MonthlySavings} > {r.ScopeMonthlyCost}");
            Assert.True(r.SavingsClaimed || r.MonthlySavings == 0, r.Key);
        });

        // No right-sizing of models that have no cheaper sibling, no batch advice for business-hours chat.
        Assert.DoesNotContain(all, r => r.Lever == Levers.RightSize && r.Model is "Claude Haiku 4.5" or "Nova Micro" or "Nova Lite");
        Assert.DoesNotContain(all, r => r.Lever == Levers.Batch && r.Feature == "chat-assistant");
        Assert.True(all.Where(r => r.IsActive).Sum(r => r.MonthlySavings) < demo.Workload.Scenarios.MonthlySpend);
    }

    [Fact]
    public async Task ReRunningAnalytics_KeepsStatusOwnerAndBaseline_AndDuplicatesNothing()
    {
        await using var db = demo.Database.Context();
        var before = await db.Recommendations.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        var target = before.First(r => r.Lever == Levers.RightSize);
        await Store.SetStatusAsync(target.Id, RecommendationStatus.Accepted, "routing change planned", "support-eng", "lead", AccessScope.Everything, CancellationToken.None);

        await demo.Services.GetRequiredService<AnalyticsRunner>().RunAsync(NullJobProgress.Instance, CancellationToken.None);

        var after = await db.Recommendations.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(before.Select(r => (r.Id, r.Key)), after.Select(r => (r.Id, r.Key)));
        var again = after.Single(r => r.Id == target.Id);
        Assert.Equal((RecommendationStatus.Accepted, "support-eng"), (again.Status, again.Owner));
        Assert.Equal(target.BaselineMonthlySavings, again.BaselineMonthlySavings);
        Assert.Equal(target.FirstRaisedAt, again.FirstRaisedAt);
        Assert.Equal(1, await db.RecommendationEvents.CountAsync(e => e.RecommendationId == target.Id && e.Action == "raised"));
    }
}
