using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Anomalies;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Web.Components.Pages.Overview;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class OverviewPageTests
{
    // "Today" is 2026-11-22, so the last complete day is 11-21:
    // month to date [11-01, 11-22) vs [10-01, 10-22); last 30 days [10-23, 11-22) vs [09-23, 10-23).
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Overview_ShowsMonthToDateAndTrailingTotals_ComputedFromStoredFacts()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            context.CostFacts.AddRange(
                Fact("2026-11-05", "Nova Pro", "search", 100.25m),
                Fact("2026-11-21", "Claude Sonnet 4.6", "support", 50.50m),
                Fact("2026-11-10", "Nova Lite", Attribution.Unattributed, 49.25m),
                Fact("2026-10-25", "Claude Sonnet 4.6", "support", 999m),
                Fact("2026-10-10", "Nova Pro", "search", 30m),
                Fact("2026-11-22", "Nova Pro", "search", 5000m)); // today: not a complete day, never counted
            await context.SaveChangesAsync();
        }

        await db.DeriveSpendRollupAsync();

        var doc = await ComponentRenderer.RenderAsync<Overview>(Services(db));

        // MTD 100.25 + 50.50 + 49.25 = 200.00 vs 30.00 in [10-01, 10-22): +566.7 %.
        Assert.Equal("$200.00", doc.ByTestId("kpi-mtd-value").TextContent);
        Assert.Contains("▲ 566.7%", doc.ByTestId("kpi-mtd").TextContent);
        // Last 30 days adds 10-25's 999: 1,199.00 vs 30.00 in [09-23, 10-23).
        Assert.Equal("$1,199.00", doc.ByTestId("kpi-30d-value").TextContent);
        // Attributed: (1,199 − 49.25) / 1,199 = 95.9 %.
        Assert.Equal("95.9%", doc.ByTestId("kpi-attributed-value").TextContent);
        // Run-rate: 200 / 21 days × 30 days = 285.71 → "$286".
        Assert.Equal("$286", doc.ByTestId("kpi-runrate-value").TextContent);
        var teams = doc.ByTestId("top-teams").QuerySelectorAll("tbody tr .key").Select(e => e.TextContent).ToList();
        Assert.Equal(["support", "search", Attribution.Unattributed], teams);
        Assert.NotNull(doc.ByTestId("demo-banner"));
    }

    [Fact]
    public async Task Overview_OnAnEmptyDatabase_SaysSoAndPointsToJobs()
    {
        await using var db = await TestDatabase.MigratedAsync();

        var doc = await ComponentRenderer.RenderAsync<Overview>(Services(db));

        Assert.Contains("No spend stored yet", doc.ByTestId("empty-state").TextContent);
        Assert.Null(doc.QuerySelector("[data-testid='kpi-mtd']"));
    }

    private static ServiceProvider Services(TestDatabase db)
    {
        var services = new ServiceCollection().AddComponentTestServices();
        var factory = db.Factory();
        services.AddSingleton(factory);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(p => new SpendReports(factory));
        services.AddSingleton(p => new Infrastructure.Recommendations.RecommendationStore(factory, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton(Options.Create(new IngestionOptions { Source = "demo" }));
        services.AddSingleton(Options.Create(new AwsOptions()));
        services.AddAwsClients();
        services.AddSingleton<AwsAccountResolver>();
        services.AddSingleton<IngestionSourceProvider>();
        services.AddSingleton<OverviewQuery>();
        // The anomaly panel on the page reads its own flags.
        services.AddSingleton(Options.Create(new AnomalySettings()));
        services.AddSingleton<AnomalyQuery>();
        // The page shows budget burn too (none stored here).
        services.AddSingleton(new FinOpsDashboard.Infrastructure.Budgets.BudgetQuery(factory));
        services.AddSingleton<FinOpsDashboard.Infrastructure.Budgets.AlertNotifier>();
        services.AddSingleton<JobMonitor>();
        return services.BuildServiceProvider();
    }

    private static CostFact Fact(string date, string model, string team, decimal cost) => new()
    {
        Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        AccountId = "111122223333",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = $"USE1-{model.Replace(" ", "", StringComparison.Ordinal)}-input-tokens",
        Model = model,
        PricingMode = "on-demand",
        TokenDirection = "input",
        Team = team,
        Feature = "f",
        Quantity = 1000,
        Unit = "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "demo",
        IngestedAt = new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc),
    };
}
