using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Anomalies;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Infrastructure.Tests.Reporting;
using FinOpsDashboard.Web.Components.Pages.Review;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class WeeklyReviewPageTests
{
    // "Today" is Wednesday 2026-11-25: the last complete week is Mon 11-16 .. Sun 11-22.
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Review_ShowsTheWeeksTotals_MoversWithTheirEffects_AndAwsAnomalies()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            context.CostFacts.AddRange(
                ReviewFacts.Tokens("2026-11-10", "Claude Sonnet 4.6", "search", "chat", 100, 3m),
                ReviewFacts.Tokens("2026-11-10", "Claude Haiku 4.5", "search", "classify", 10, 1m),
                ReviewFacts.Tokens("2026-11-12", "Nova Pro", "support", "summarise", 50, 0.8m),
                ReviewFacts.Tokens("2026-11-17", "Claude Sonnet 4.6", "search", "chat", 150, 3m),
                ReviewFacts.Tokens("2026-11-17", "Claude Haiku 4.5", "search", "classify", 10, 1m),
                ReviewFacts.Tokens("2026-11-22", "Claude Opus 4.8", Attribution.Unattributed, "agent", 20, 15m),
                ReviewFacts.Tokens("2026-11-23", "Claude Opus 4.8", "search", "agent", 1000, 15m)); // this week: not complete, not shown
            context.AwsAnomalies.Add(new AwsAnomaly
            {
                AnomalyId = "a-1", AccountId = "111122223333", MonitorArn = "arn:aws:ce::111122223333:anomalymonitor/bedrock",
                StartDate = new DateOnly(2026, 11, 21), EndDate = new DateOnly(2026, 11, 22), DimensionValue = "Amazon Bedrock",
                TotalImpact = 280.5m, TotalActualSpend = 300m, TotalExpectedSpend = 19.5m, RootCausesJson = "[]", Source = "cost-explorer",
            });
            await context.SaveChangesAsync();
        }

        await db.DeriveSpendRollupAsync();

        var doc = await ComponentRenderer.RenderAsync<WeeklyReview>(Services(db));

        Assert.Equal("Week 47, 2026 · Mon Nov 16 – Sun Nov 22, 2026", doc.ByTestId("review-week").TextContent);
        // This week 450 + 10 + 300 = 760; last week 300 + 10 + 40 = 350 → +410 (+117.1 %).
        Assert.Equal("$760.00", doc.ByTestId("kpi-week-value").TextContent);
        Assert.Equal("+$410.00", doc.ByTestId("kpi-vs-last-value").TextContent);
        Assert.Contains("▲ 117.1% vs last week ($350.00)", doc.ByTestId("kpi-vs-last").TextContent);
        // The four weeks before hold only last week's 350: an average week of 87.50 → +672.50 (+768.6 %).
        Assert.Equal("+$672.50", doc.ByTestId("kpi-vs-avg-value").TextContent);
        Assert.Contains("▲ 768.6% vs the average week ($87.50)", doc.ByTestId("kpi-vs-avg").TextContent);
        // Attributed: (760 − 300 unattributed) / 760 = 60.5 %.
        Assert.Equal("60.5%", doc.ByTestId("kpi-attributed-value").TextContent);

        var models = Rows(doc, "movers-model");
        Assert.Equal(["Claude Opus 4.8", "Claude Sonnet 4.6", "Nova Pro"], models.Select(r => r[0]));
        // key, last week, this week, change (with %), volume, unit price, model mix, cache, pricing mode, why.
        Assert.Equal(["Claude Opus 4.8", "$0.00", "$300.00", "+$300.00new", "+$300.00", "–", "–", "–", "–", "new: volume +$300"], models[0]);
        Assert.Equal(["Nova Pro", "$40.00", "$0.00", "−$40.00−100.0%", "−$40.00", "–", "–", "–", "–", "stopped: volume −$40.00"], models[2]);
        Assert.NotNull(doc.ByTestId("movers-model").QuerySelector("tbody tr td.change.up"));
        Assert.NotNull(doc.ByTestId("movers-model").QuerySelector("tbody tr td.change.down"));

        var teams = Rows(doc, "movers-team");
        Assert.Equal([Attribution.Unattributed, "search", "support"], teams.Select(r => r[0]));
        // search: 310 → 460, split by hand into volume +140.91 and model mix +9.09.
        Assert.Equal(["search", "$310.00", "$460.00", "+$150.00+48.4%", "+$140.91", "–", "+$9.09", "–", "–", "volume +$141"], teams[1]);
        Assert.Equal(3, Rows(doc, "movers-feature").Count);
        Assert.Equal(["on-demand"], Rows(doc, "movers-pricing-mode").Select(r => r[0]));

        var csv = doc.ByTestId("review-csv");
        Assert.Equal("/export/review.csv?week=2026-11-16", csv.GetAttribute("href"));
        Assert.True(csv.HasAttribute("download"));
        Assert.Equal("print", doc.ByTestId("review-print").GetAttribute("data-action")); // handled by app.js: the CSP forbids inline handlers

        var anomalies = doc.ByTestId("review-anomalies").TextContent;
        Assert.Contains("AWS Cost Anomaly Detection", anomalies);
        Assert.Contains("+$280.50", anomalies);
        Assert.Contains("Nov 21 – Nov 22", anomalies);
        Assert.Contains("No open recommendations", doc.ByTestId("recommendations-panel").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyDayInTheUrl_ReviewsTheWeekContainingIt()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            context.CostFacts.AddRange(ReviewFacts.Fact("2026-11-09", "Nova Pro", 70m), ReviewFacts.Fact("2026-11-02", "Nova Pro", 35m));
            await context.SaveChangesAsync();
        }

        await db.DeriveSpendRollupAsync();

        var services = Services(db);
        services.GetRequiredService<NavigationManager>().NavigateTo("/review?week=2026-11-11");
        var doc = await ComponentRenderer.RenderAsync<WeeklyReview>(services);

        Assert.Equal("Week 46, 2026 · Mon Nov 9 – Sun Nov 15, 2026", doc.ByTestId("review-week").TextContent);
        Assert.Equal("$70.00", doc.ByTestId("kpi-week-value").TextContent);
        Assert.Equal("+$35.00", doc.ByTestId("kpi-vs-last-value").TextContent);
        Assert.Equal("/export/review.csv?week=2026-11-09", doc.ByTestId("review-csv").GetAttribute("href"));
        Assert.Contains("AWS Cost Anomaly Detection reported no anomaly", doc.ByTestId("review-anomalies").TextContent);
    }

    [Fact]
    public async Task AWeekThatHasNotEnded_FallsBackToTheLastCompleteWeek_AndSaysSo()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var services = Services(db);
        services.GetRequiredService<NavigationManager>().NavigateTo("/review?week=2026-11-24");

        var doc = await ComponentRenderer.RenderAsync<WeeklyReview>(services);

        Assert.Contains("has not ended yet", doc.ByTestId("review-notice").TextContent);
        Assert.Contains("Mon Nov 16", doc.ByTestId("review-week").TextContent);
    }

    [Fact]
    public async Task Review_OnAnEmptyDatabase_SaysSo()
    {
        await using var db = await TestDatabase.MigratedAsync();

        var doc = await ComponentRenderer.RenderAsync<WeeklyReview>(Services(db));

        Assert.Contains("No spend in these five weeks", doc.ByTestId("empty-state").TextContent);
        Assert.Null(doc.QuerySelector("[data-testid='kpi-week']"));
        Assert.Null(doc.QuerySelector("[data-testid='movers-model']"));
    }

    private static List<List<string>> Rows(AngleSharp.Dom.IDocument doc, string testId) =>
        doc.ByTestId(testId).QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();

    private static ServiceProvider Services(TestDatabase db)
    {
        var services = new ServiceCollection().AddComponentTestServices();
        services.AddSupplyValueFromQueryProvider();
        var factory = db.Factory();
        services.AddSingleton(factory);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(p => new SpendReports(factory));
        services.AddSingleton(p => new Infrastructure.Recommendations.RecommendationStore(factory, p.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WeeklyReviewQuery>();
        // The anomaly panel on the page reads its own flags.
        services.AddSingleton(Options.Create(new AnomalySettings()));
        services.AddSingleton<AnomalyQuery>();
        // The page shows budget burn too (none stored here).
        services.AddSingleton(new FinOpsDashboard.Infrastructure.Budgets.BudgetQuery(factory));
        services.AddSingleton<FinOpsDashboard.Infrastructure.Budgets.AlertNotifier>();
        services.AddSingleton<JobMonitor>();
        return services.BuildServiceProvider();
    }
}
