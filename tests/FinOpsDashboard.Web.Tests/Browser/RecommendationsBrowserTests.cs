using System.Globalization;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class RecommendationsBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task FinOpsLead_MovesARecommendationThroughItsStatuses_AndTheHistoryAndRealisedSavingPersist()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoFinOpsLead);
        await page.GotoAsync(fixture.App.BaseUrl + "/recommendations");
        var rows = page.GetByTestId("recommendation");
        await rows.First.WaitForAsync();
        await WaitInteractiveAsync(page);

        // Ranked by $ / month, every planted lever present.
        var levers = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.lever)");
        Assert.Contains("right-size", levers);
        Assert.Contains("batch", levers);
        Assert.Contains("prompt-caching", levers);
        Assert.Contains("pt-underused", levers);
        var savings = (await page.GetByTestId("saving").AllInnerTextsAsync()).Where(t => t.StartsWith('$')).Select(Dollars).ToList();
        Assert.Equal(savings.OrderByDescending(s => s), savings);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "recommendations.png"), FullPage = true });

        // Open the batch candidate: evidence, formula, chart.
        await page.Locator("[data-testid=recommendation][data-lever=batch] [data-testid=title]").ClickAsync();
        await page.GetByTestId("formula").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=evidence-chart] svg path').length > 10");
        Assert.Contains("catalog-enrichment", await page.GetByTestId("title").InnerTextAsync());
        Assert.Contains("× 30 ÷", await page.GetByTestId("formula").InnerTextAsync());
        var url = page.Url;
        await WaitInteractiveAsync(page);

        // Dismissing without a reason is refused.
        await SetStatusAsync(page, "dismissed", reason: null, owner: null);
        Assert.Contains("reason", await page.GetByTestId("workflow-error").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

        await SetStatusAsync(page, "accepted", reason: "nightly job can wait", owner: "data-eng");
        await page.Locator("[data-testid=status]", new PageLocatorOptions { HasText = "accepted" }).First.WaitForAsync();

        await SetStatusAsync(page, "done", reason: "moved to CreateModelInvocationJob", owner: null);
        await page.GetByTestId("realised").WaitForAsync();

        // A fresh load shows the persisted state and its history.
        await page.GotoAsync(url);
        await page.GetByTestId("history").WaitForAsync();
        Assert.Equal("done", (await page.GetByTestId("status").First.InnerTextAsync()).Trim());
        var history = await page.GetByTestId("history").InnerTextAsync();
        Assert.Contains("open → accepted", history);
        Assert.Contains("accepted → done", history);
        Assert.Contains("demo-finops", history);
        Assert.Contains("raised", history);
        Assert.Matches(@"\$[\d,]+\.\d\d per month", await page.GetByTestId("realised").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "recommendation-detail.png"), FullPage = true });

        await using var db = fixture.Context();
        var stored = await db.Recommendations.SingleAsync(r => r.Lever == "batch");
        Assert.Equal("done", stored.Status);
        Assert.Equal("data-eng", stored.Owner);
        Assert.NotNull(stored.RealisedMonthlySavings);

        // The CLI reads the same state.
        var json = await fixture.RunCliAsync("recommendations", "--status", "done", "--format", "json");
        Assert.Contains("\"lever\": \"batch\"", json);
    }

    [Fact]
    public async Task Manager_SeesOnlyTheirTeamsRecommendations_AndCannotOpenAnotherTeamsByUrl()
    {
        await using var db = fixture.Context();
        var commerce = await db.Recommendations.FirstAsync(r => r.Team == "commerce");
        var support = await db.Recommendations.FirstAsync(r => r.Team == "support");

        var page = await fixture.NewPageAsync(UserDirectory.DemoManager);
        await page.GotoAsync(fixture.App.BaseUrl + "/recommendations");
        await page.GetByTestId("recommendation").First.WaitForAsync();
        var scopes = await page.GetByTestId("recommendation").AllInnerTextsAsync();
        Assert.All(scopes, s => Assert.Contains("team support", s));

        await page.GotoAsync(fixture.App.BaseUrl + $"/recommendations/{commerce.Id}");
        await page.GetByTestId("not-found").WaitForAsync();
        await page.GotoAsync(fixture.App.BaseUrl + $"/recommendations/{support.Id}");
        await page.GetByTestId("formula").WaitForAsync();
    }

    [Fact]
    public async Task PtPage_GaugeShowsTheUtilizationComputedByHandFromTheStoredMetrics()
    {
        await using var db = fixture.Context();
        var reservation = await db.ProvisionedThroughputs.SingleAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.AddDays(-14).ToDateTime(TimeOnly.MinValue);
        var to = today.ToDateTime(TimeOnly.MinValue);
        var tokens = (await db.MetricFacts
                .Where(m => m.ModelId == reservation.Arn && m.Stat == "Sum" && m.Timestamp >= from && m.Timestamp < to
                    && (m.MetricName == "InputTokenCount" || m.MetricName == "OutputTokenCount"))
                .Select(m => m.Value)
                .ToListAsync())
            .Sum();

        // 14 days × 1,440 minutes × 20,000 tokens per minute per unit × 1 unit.
        var expected = (decimal)tokens / (14m * 1440 * 20_000 * reservation.ModelUnits);

        var page = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        await page.GotoAsync(fixture.App.BaseUrl + "/pt");
        await page.GetByTestId("utilization").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=hourly-chart] svg path').length > 2");
        var shown = decimal.Parse((await page.GetByTestId("utilization").InnerTextAsync()).Replace("%", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(Math.Round(expected * 100, 1), shown);
        Assert.InRange(shown, 25m, 35m); // the demo's reservation is designed at ~30 %
        Assert.Contains("Below the 80 % target", await page.GetByTestId("band").InnerTextAsync());
        Assert.Contains("$55.00", await page.GetByTestId("hourly-cost").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "pt.png"), FullPage = true });

        var json = await fixture.RunCliAsync("pt", "--format", "json");
        Assert.Contains("\"utilizationBand\": \"below-target\"", json);
    }

    private static async Task SetStatusAsync(IPage page, string status, string? reason, string? owner)
    {
        await page.GetByTestId("new-status").ClickAsync();
        await page.Locator(".rz-dropdown-item", new PageLocatorOptions { HasText = status }).First.ClickAsync();
        if (owner is not null)
        {
            await page.GetByTestId("owner").FillAsync(owner);
        }

        await page.GetByTestId("reason").FillAsync(reason ?? "");
        await page.GetByTestId("save-status").ClickAsync();
        if (reason is not null)
        {
            await page.Locator("[data-testid=history] td", new PageLocatorOptions { HasText = reason }).First.WaitForAsync();
        }
        else
        {
            await page.GetByTestId("workflow-error").WaitForAsync();
        }
    }

    private static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    private static decimal Dollars(string text) =>
        decimal.Parse(text.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
}
