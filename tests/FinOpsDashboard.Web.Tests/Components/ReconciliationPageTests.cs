using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Pricing;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Web.Components.Pages.Reconciliation;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class ReconciliationPageTests
{
    // "Today" is 2026-06-20: the default window is the 14 complete days [06-06, 06-19].
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 6, 20, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Reconciliation_ShowsEachModelDay_WithItsPartsExplanationAndTotals()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            // 06-19: 1M Sonnet input seen, billed on the global route at 3.00 (estimate 3.30). 06-18: 1M Nova Lite batch, no telemetry.
            context.MetricFacts.Add(Metric("2026-06-19", "Claude Sonnet 4.6", "InputTokenCount", 1_000_000));
            context.CostFacts.AddRange(
                Fact("2026-06-19", "Claude Sonnet 4.6", "on-demand", "global", 1_000_000, 3.00m),
                Fact("2026-06-18", "Nova Lite", "batch", "none", 1_000_000, 0.03m),
                Fact("2026-06-20", "Nova Lite", "on-demand", "none", 1_000_000, 0.06m)); // today: outside the window
            await context.SaveChangesAsync();
        }

        await db.DeriveSpendRollupAsync();
        await db.DeriveMetricDailySumsAsync();
        var doc = await ComponentRenderer.RenderAsync<Reconciliation>(Services(db));

        var rows = doc.ByTestId("reconciliation").QuerySelectorAll("tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Equal(["Claude Sonnet 4.6", "Nova Lite"], rows.Select(r => r.QuerySelector("[data-testid='row-model']")!.TextContent));
        var sonnet = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Jun 19", "Claude Sonnet 4.6", "$3.00", "$3.30", "−$0.30", "−9.1%", "−$0.30", "—", "—", "—", "—"], sonnet.Take(11));
        Assert.Equal("global cross-region route −$0.30", rows[0].QuerySelector("[data-testid='explanation']")!.TextContent);
        Assert.Equal("traffic billed but not in telemetry +$0.06; batch tier −$0.03", rows[1].QuerySelector("[data-testid='explanation']")!.TextContent);
        Assert.Contains("no telemetry for this model-day", rows[1].TextContent, StringComparison.Ordinal);

        Assert.Equal("$3.03", doc.ByTestId("total-billed").TextContent);
        Assert.Equal("$3.30", doc.ByTestId("total-estimated").TextContent);
        Assert.Equal("−$0.27", doc.ByTestId("total-difference").TextContent);
        Assert.Equal("/export/reconciliation.csv?from=2026-06-06&to=2026-06-19", doc.ByTestId("csv-export").GetAttribute("href"));
        Assert.Contains("representative list prices (aws-apis.md), not your negotiated rates", doc.ByTestId("provenance").TextContent, StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("[data-testid='loading']"));
    }

    [Fact]
    public async Task Reconciliation_OnAnEmptyDatabase_SaysThereIsNothingInTheWindow()
    {
        await using var db = await TestDatabase.MigratedAsync();

        var doc = await ComponentRenderer.RenderAsync<Reconciliation>(Services(db));

        Assert.Equal("No token charges or telemetry between Jun 6 and Jun 19, 2026.", doc.ByTestId("empty-state").TextContent);
        Assert.Null(doc.QuerySelector("[data-testid='reconciliation']"));
    }

    private static ServiceProvider Services(TestDatabase db)
    {
        var services = new ServiceCollection().AddComponentTestServices();
        var factory = db.Factory();
        services.AddSingleton(factory);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new PriceCatalogStore(factory, Clock));
        services.AddSingleton<ReconciliationQuery>();
        services.AddSingleton<JobMonitor>();
        return services.BuildServiceProvider();
    }

    private static MetricFact Metric(string day, string model, string metric, double value) => new()
    {
        Timestamp = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc),
        PeriodSeconds = 3600,
        AccountId = "111122223333",
        Region = "us-east-1",
        ModelId = "global.anthropic.claude-sonnet-4-6",
        Model = model,
        MetricName = metric,
        Stat = "Sum",
        Value = value,
        Source = "demo",
        IngestedAt = DateTime.UnixEpoch,
    };

    private static CostFact Fact(string day, string model, string mode, string route, decimal tokens, decimal cost) => new()
    {
        Date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
        AccountId = "111122223333",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = $"USE1-{model.Replace(" ", "", StringComparison.Ordinal)}-input-tokens-{mode}-{route}",
        Model = model,
        PricingMode = mode,
        TokenDirection = "input",
        CrossRegion = route,
        Team = "t",
        Feature = "f",
        Quantity = tokens,
        Unit = "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "demo",
        IngestedAt = DateTime.UnixEpoch,
    };
}
