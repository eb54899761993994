using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class JobsBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task JobsPage_ListsSeedingAndRecurringJobs_WithRealRunHistory()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        await page.GotoAsync(fixture.App.BaseUrl + "/jobs");

        var seedRow = page.GetByTestId($"job-{JobNames.DemoSeed}");
        await seedRow.WaitForAsync();
        Assert.Equal("succeeded", (await seedRow.GetByTestId("status").TextContentAsync())?.Trim());
        Assert.Contains("startup", await seedRow.InnerTextAsync());
        foreach (var recurring in new[] { JobNames.CostIngestion, JobNames.MetricIngestion, JobNames.ProvisionedThroughputSync })
        {
            var row = page.GetByTestId($"job-{recurring}");
            Assert.Matches(@"[0-9*?/,]+ [0-9*?/,]+ ", await row.Locator("code").InnerTextAsync());
        }

        Assert.Contains("Cost Explorer requests", await page.GetByTestId("aws-cost").InnerTextAsync());
        await using (var context = fixture.Context())
        {
            // The seeding run's paid-call bill, as the history grid shows it: requests and requests x $0.01.
            var seed = context.JobRuns.Single(r => r.JobName == JobNames.DemoSeed);
            var historyRow = page.GetByTestId("run-history").Locator("tr", new LocatorLocatorOptions { HasText = "startup" });
            var text = await historyRow.InnerTextAsync();
            Assert.True(seed.CostExplorerRequests > 0);
            Assert.Contains(seed.CostExplorerRequests.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
            Assert.Contains(Money.Usd(JobHistoryQuery.AwsCostOf(seed)), text);
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "jobs.png"), FullPage = true });
    }

    [Fact]
    public async Task RunNow_RunsTheJob_AndItsRunAppearsInTheHistory()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        await page.GotoAsync(fixture.App.BaseUrl + "/jobs");
        var row = page.GetByTestId($"job-{JobNames.ProvisionedThroughputSync}");
        await row.WaitForAsync();
        // The circuit must be live before a click does anything.
        await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        await page.GetByTestId($"run-{JobNames.ProvisionedThroughputSync}").ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("manual", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("succeeded", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
    }
}
