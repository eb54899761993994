using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class AnomaliesBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task AFinOpsLead_AcknowledgesAnAnomaly_AndTheStatusAndHistoryPersistAfterReload()
    {
        // The analytics refresh follows the demo seeding; the planted retry spike is the largest email-campaigns flag.
        await fixture.App.WaitForJobAsync(AnalyticsRefreshJob.Name, TimeSpan.FromMinutes(3));
        long id;
        await using (var context = fixture.Context())
        {
            id = context.Anomalies.Where(a => a.Dimension == "feature" && a.Key == "email-campaigns").AsEnumerable()
                .OrderByDescending(a => a.ActualUsd - a.ExpectedUsd).First().Id;
        }

        var page = await fixture.NewPageAsync(UserDirectory.DemoFinOpsLead);
        await page.GotoAsync($"{fixture.App.BaseUrl}/anomalies?dimension=feature&source=ours");
        var row = page.Locator($"[data-testid=anomaly-list] tr[data-anomaly-id='{id}']");
        await row.WaitForAsync();
        Assert.Contains("Critical", await row.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "anomalies.png"), FullPage = true });

        await row.GetByTestId("open-anomaly").ClickAsync();
        await page.WaitForURLAsync($"**/anomalies/{id}");
        await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.Equal("New", (await page.GetByTestId("anomaly-status").InnerTextAsync()).Trim());
        await page.GetByTestId("review-note-input").FillAsync("Runaway retries in the campaign sender; fix deployed");
        await page.GetByTestId("action-acknowledge").ClickAsync();
        await page.Locator("[data-testid=anomaly-status]", new PageLocatorOptions { HasText = "Acknowledged" }).WaitForAsync();

        await page.ReloadAsync();
        await page.GetByTestId("review-history").WaitForAsync();
        Assert.Equal("Acknowledged", (await page.GetByTestId("anomaly-status").InnerTextAsync()).Trim());
        Assert.Contains("Runaway retries in the campaign sender", await page.GetByTestId("review-note").InnerTextAsync(), StringComparison.Ordinal);
        var history = await page.GetByTestId("review-history").Locator("tbody tr").AllInnerTextsAsync();
        var entry = Assert.Single(history);
        Assert.Contains(UserDirectory.DemoFinOpsLead, entry, StringComparison.Ordinal);
        Assert.Contains("New → Acknowledged", entry, StringComparison.Ordinal);
        await page.Locator("[data-testid=series-chart] svg path").First.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "anomaly-detail.png"), FullPage = true });

        // Stored, not just shown: the list reads it back too.
        await page.GotoAsync($"{fixture.App.BaseUrl}/anomalies?dimension=feature&source=ours");
        Assert.Equal("Acknowledged", (await page.Locator($"tr[data-anomaly-id='{id}'] [data-testid=row-status]").InnerTextAsync()).Trim());
        await using (var context = fixture.Context())
        {
            Assert.Equal("acknowledged", context.Anomalies.Single(a => a.Id == id).Status);
        }
    }

    [Fact]
    public async Task AManager_SeesOnlyTheirTeamsFlags_AndCannotOpenAnOrganisationWideOne()
    {
        await fixture.App.WaitForJobAsync(AnalyticsRefreshJob.Name, TimeSpan.FromMinutes(3));
        long totalId;
        HashSet<string> allowed;
        await using (var context = fixture.Context())
        {
            totalId = context.Anomalies.First(a => a.Dimension == "total").Id;
            allowed = context.Anomalies.Where(a => a.Team == UserDirectory.DemoManagerTeam && (a.Dimension == "team" || a.Dimension == "feature")).AsEnumerable()
                .Select(a => a.Dimension == "team" ? $"Team · {a.Key}" : $"Feature · {a.Key}").ToHashSet();
        }

        var page = await fixture.NewPageAsync(UserDirectory.DemoManager);
        await page.GotoAsync($"{fixture.App.BaseUrl}/anomalies?from=2000-01-01");
        await page.GetByTestId("scope-note").WaitForAsync();
        var series = await page.Locator("[data-testid=anomaly-list] td.series a").AllInnerTextsAsync();
        Assert.NotEmpty(series);
        // Only the support team's own series and the features it carries: no total, model, mode or other team.
        Assert.All(series, s => Assert.Contains(s.Trim(), allowed));
        Assert.Contains("Team · support", series.Select(s => s.Trim()));
        Assert.Equal(0, await page.Locator("tr[data-source=aws]").CountAsync());

        await page.GotoAsync($"{fixture.App.BaseUrl}/anomalies/{totalId}");
        await page.GetByTestId("anomaly-missing").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("action-acknowledge").CountAsync());
    }
}
