using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Reporting;

namespace FinOpsDashboard.Infrastructure.Tests.Reporting;

public sealed class SpendReportsScopeTests
{
    private static readonly DateWindow November = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1));

    [Fact]
    public async Task AManagersScope_LimitsEveryQuery_WhateverTheFilterAsksFor()
    {
        await using var db = await SeededAsync();
        var reports = new SpendReports(db.Factory());
        var support = AccessScope.ForTeams(["support"]);

        Assert.Equal(60m, await reports.TotalAsync(new SpendFilter(November), support, CancellationToken.None));
        Assert.Equal(0m, await reports.TotalAsync(new SpendFilter(November) { Teams = ["search"] }, support, CancellationToken.None));
        Assert.Equal(["support"], (await reports.ByAsync(SpendDimension.Team, new SpendFilter(November), support, CancellationToken.None)).Select(k => k.Key));
        Assert.Equal(["support"], (await reports.ValuesAsync(SpendDimension.Team, November, support, CancellationToken.None)));
        var pairs = await reports.ByPairAsync(SpendDimension.Team, SpendDimension.Model, new SpendFilter(November), support, CancellationToken.None);
        Assert.All(pairs, p => Assert.Equal("support", p.First));
        var (facts, count, total) = await reports.FactsAsync(new SpendFilter(November), support, 100, CancellationToken.None);
        Assert.Equal((2, 60m), (count, total));
        Assert.All(facts, f => Assert.Equal("support", f.Team));
        Assert.Equal(0m, await reports.TotalAsync(new SpendFilter(November), AccessScope.ForTeams([]), CancellationToken.None));
    }

    [Fact]
    public async Task EverythingScope_SeesEveryTeam_IncludingUnattributed_AndFiltersCombine()
    {
        await using var db = await SeededAsync();
        var reports = new SpendReports(db.Factory());

        Assert.Equal(175m, await reports.TotalAsync(new SpendFilter(November), AccessScope.Everything, CancellationToken.None));
        var filtered = new SpendFilter(November) { Models = ["Nova Pro"], PricingModes = ["on-demand"] };
        Assert.Equal(100m, await reports.TotalAsync(filtered, AccessScope.Everything, CancellationToken.None));
        var byTwo = await reports.ByPairAsync(SpendDimension.Team, SpendDimension.Model, new SpendFilter(November), AccessScope.Everything, CancellationToken.None);
        Assert.Equal([("search", "Nova Pro", 100m), ("support", "Claude Sonnet 4.6", 40m), ("support", "Nova Pro", 20m), (Attribution.Unattributed, "Nova Lite", 15m)],
            byTwo.Select(p => (p.First, p.Second, p.Cost)));
    }

    private static async Task<TestDatabase> SeededAsync()
    {
        var db = await TestDatabase.MigratedAsync();
        await using var context = db.Context();
        context.CostFacts.AddRange(
            Fact("search", "Nova Pro", "on-demand", 80m, "2026-11-03"),
            Fact("search", "Nova Pro", "on-demand", 20m, "2026-11-04"),
            Fact("support", "Claude Sonnet 4.6", "batch", 40m, "2026-11-03"),
            Fact("support", "Nova Pro", "batch", 20m, "2026-11-05"),
            Fact(Attribution.Unattributed, "Nova Lite", "on-demand", 15m, "2026-11-06"),
            Fact("support", "Nova Pro", "on-demand", 999m, "2026-10-31"));
        await context.SaveChangesAsync();
        await db.DeriveSpendRollupAsync();
        return db;
    }

    private static CostFact Fact(string team, string model, string mode, decimal cost, string day) => new()
    {
        Date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
        AccountId = "111122223333",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = $"USE1-{model}-{mode}-{team}-{day}",
        Model = model,
        PricingMode = mode,
        TokenDirection = "input",
        Team = team,
        Feature = "f",
        Quantity = 1000,
        Unit = "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "demo",
    };
}
