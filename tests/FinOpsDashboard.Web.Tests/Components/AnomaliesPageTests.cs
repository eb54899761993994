using System.Globalization;
using AngleSharp.Dom;
using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Anomalies;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Infrastructure.Tests.Reporting;
using FinOpsDashboard.Web.Components.Pages.Anomalies;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class AnomaliesPageTests
{
    // Ten flat weeks to Sunday 2026-05-10 (search/chat $300 a day, support/triage $160), chat tripled on Wednesday 05-06 and
    // triage tripled on Thursday 05-07; "today" is 05-11, so the page's default 30 days are 04-11..05-10.
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 5, 11, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task List_ShowsEachFlagWithActualExpectedZSeverityAndExplanation_AndTheAwsFindingBesideThem()
    {
        await using var db = await SeededAsync();

        var doc = await ComponentRenderer.RenderAsync<Anomalies>(Services(db));

        Assert.Equal("10", doc.ByTestId("kpi-flags-value").TextContent);
        Assert.Equal("10", doc.ByTestId("kpi-unreviewed-value").TextContent);
        Assert.Equal("1", doc.ByTestId("kpi-aws-value").TextContent);
        var rows = doc.ByTestId("anomaly-list").QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(11, rows.Count);
        // Newest first: the two 05-07 flags' day, then 05-06 with the AWS finding among them.
        Assert.StartsWith("Thu May 7", rows[0].QuerySelector("td")!.TextContent, StringComparison.Ordinal);

        var chat = rows.Single(r => Cell(r, 1).Contains("Feature · chat", StringComparison.Ordinal));
        Assert.Equal("$900.00$300.00", Cell(chat, 2));
        Assert.Equal("+$600z +40.0", Cell(chat, 3));
        Assert.Equal("high", chat.QuerySelector("[data-severity]")!.GetAttribute("data-severity"));
        Assert.Equal("Volume +$600", chat.QuerySelector(".effects-bar")!.GetAttribute("aria-label"));
        Assert.Contains("volume +$600", Cell(chat, 5), StringComparison.Ordinal);
        Assert.Contains("USE1-ClaudeSonnet4.6-input-tokens +$600", Cell(chat, 6), StringComparison.Ordinal);
        Assert.Equal("AWS too", Cell(chat, 7));
        Assert.Equal("New", Cell(chat, 8));
        var id = long.Parse(chat.GetAttribute("data-anomaly-id")!, CultureInfo.InvariantCulture);
        Assert.Equal($"/anomalies/{id}", chat.QuerySelector("a[data-testid=open-anomaly]")!.GetAttribute("href"));

        var aws = rows.Single(r => r.GetAttribute("data-source") == "aws");
        Assert.Equal("AWS monitor · Amazon Bedrock", Cell(aws, 1));
        Assert.Equal("AWS5 of ours", Cell(aws, 7));
    }

    [Fact]
    public async Task List_FiltersFromTheUrl_AndIgnoresABadValueWithANotice()
    {
        await using var db = await SeededAsync();
        var services = Services(db);
        services.GetRequiredService<NavigationManager>().NavigateTo("/anomalies?dimension=feature&severity=loud&from=2026-05-07&to=2026-05-11");

        var doc = await ComponentRenderer.RenderAsync<Anomalies>(services);

        var series = doc.ByTestId("anomaly-list").QuerySelectorAll("tbody tr").Select(r => Cell(r, 1)).ToList();
        Assert.Equal(["Feature · triage"], series);
        Assert.Contains("Unknown severity 'loud'", doc.ByTestId("filter-notice").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AManager_SeesOnlyTheirTeamsTeamAndFeatureFlags_AndNoAccountWideAwsFinding()
    {
        await using var db = await SeededAsync();

        var doc = await ComponentRenderer.RenderAsync<Anomalies>(Services(db, ComponentRenderer.SignedIn(7, "mia", Roles.EngineeringManager, "search")));

        Assert.Contains("search", doc.ByTestId("scope-note").TextContent, StringComparison.Ordinal);
        var rows = doc.ByTestId("anomaly-list").QuerySelectorAll("tbody tr").Select(r => Cell(r, 1)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Feature · chat", "Team · search"], rows);
    }

    [Fact]
    public async Task Detail_ShowsTheExplanationThatAddsUp_TheAwsFinding_AndTheReviewHistory()
    {
        await using var db = await SeededAsync();
        long id;
        await using (var context = db.Context())
        {
            id = (await context.Anomalies.SingleAsync(a => a.Dimension == "team" && a.Key == "search")).Id;
        }

        await new AnomalyReview(db.Factory(), Clock).ChangeStatusAsync(id, AnomalyStatus.Explained, "Spring campaign", "demo-finops", AccessScope.Everything, CancellationToken.None);
        var doc = await ComponentRenderer.RenderAsync<AnomalyDetailPage>(Services(db), new Dictionary<string, object?> { ["Id"] = id });

        Assert.Equal("Team · search on Wed May 6, 2026", doc.ByTestId("anomaly-title").TextContent);
        Assert.Equal(("$900.00", "$300.00", "+$600"), (doc.ByTestId("kpi-actual-value").TextContent, doc.ByTestId("kpi-expected-value").TextContent, doc.ByTestId("kpi-change-value").TextContent));
        var legend = doc.ByTestId("explanation").QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Equal(["Volume +$600", "Unit price –", "Model mix –", "Cache –", "Pricing mode –"], legend);
        Assert.Contains("USE1-ClaudeSonnet4.6-input-tokens", doc.ByTestId("top-usage-types").TextContent, StringComparison.Ordinal);
        Assert.Contains("aws-1", doc.ByTestId("aws-finding").TextContent, StringComparison.Ordinal);
        Assert.Equal("Explained", doc.ByTestId("anomaly-status").TextContent);
        Assert.Equal("“Spring campaign”", doc.ByTestId("review-note").TextContent);
        var history = doc.ByTestId("review-history").QuerySelectorAll("tbody tr td").Select(td => td.TextContent).ToList();
        Assert.Equal(["2026-05-11 09:00", "demo-finops", "New → Explained", "Spring campaign"], history);
    }

    [Fact]
    public async Task Detail_OfAFlagTheUserMayNotSee_SaysSoWithoutShowingIt()
    {
        await using var db = await SeededAsync();
        long id;
        await using (var context = db.Context())
        {
            id = (await context.Anomalies.SingleAsync(a => a.Dimension == "total" && a.Date == new DateOnly(2026, 5, 6))).Id;
        }

        var doc = await ComponentRenderer.RenderAsync<AnomalyDetailPage>(
            Services(db, ComponentRenderer.SignedIn(7, "mia", Roles.EngineeringManager, "search")), new Dictionary<string, object?> { ["Id"] = id });

        Assert.NotNull(doc.ByTestId("anomaly-missing"));
        Assert.Null(doc.QuerySelector("[data-testid=anomaly-title]"));
    }

    private static string Cell(IElement row, int index) => row.QuerySelectorAll("td")[index].TextContent.Trim().ReplaceLineEndings("").Replace("  ", "", StringComparison.Ordinal);

    private static ServiceProvider Services(TestDatabase db, System.Security.Claims.ClaimsPrincipal? user = null)
    {
        var services = new ServiceCollection().AddComponentTestServices(user);
        services.AddSupplyValueFromQueryProvider();
        var factory = db.Factory();
        services.AddSingleton(factory);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(p => new SpendReports(factory));
        services.AddSingleton(Options.Create(new AnomalySettings()));
        services.AddSingleton<AnomalyQuery>();
        services.AddSingleton<AnomalyReview>();
        services.AddSingleton<JobMonitor>();
        return services.BuildServiceProvider();
    }

    private static async Task<TestDatabase> SeededAsync()
    {
        var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            for (var day = new DateOnly(2026, 3, 2); day <= new DateOnly(2026, 5, 10); day = day.AddDays(1))
            {
                var iso = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                context.CostFacts.Add(ReviewFacts.Tokens(iso, "Claude Sonnet 4.6", "search", "chat", day == new DateOnly(2026, 5, 6) ? 300 : 100, 3m));
                context.CostFacts.Add(ReviewFacts.Tokens(iso, "Nova Pro", "support", "triage", day == new DateOnly(2026, 5, 7) ? 600 : 200, 0.8m));
            }

            context.AwsAnomalies.Add(new AwsAnomaly
            {
                AnomalyId = "aws-1", AccountId = "111122223333", MonitorArn = "arn:aws:ce::111122223333:anomalymonitor/m",
                StartDate = new DateOnly(2026, 5, 6), EndDate = new DateOnly(2026, 5, 6), DimensionValue = "Amazon Bedrock",
                TotalImpact = 590m, TotalActualSpend = 1060m, TotalExpectedSpend = 470m, Source = "cost-explorer",
                RootCausesJson = """[{"Service":"Amazon Bedrock","UsageType":"USE1-ClaudeSonnet4.6-input-tokens","Impact":{"Contribution":590}}]""",
            });
            await context.SaveChangesAsync();
        }

        await new AnomalyDetectionStep(db.Factory(), Options.Create(new AnomalySettings()), Clock).RunAsync(NullJobProgress.Instance, CancellationToken.None);
        return db;
    }
}
