using System.Diagnostics;
using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class OverviewBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task Overview_ShowsDemoBanner_AndHeadlineFiguresEqualTheDatabaseTotals()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.App.BaseUrl + "/");
        var mtdValue = page.GetByTestId("kpi-mtd-value");
        await mtdValue.WaitForAsync();
        // Wait for the interactive circuit so the screenshot shows the rendered charts.
        await page.Locator("[data-testid=daily-chart] svg path").First.WaitForAsync();

        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var (mtd, _) = ReportingWindows.MonthToDate(lastDay);
        var (trailing, _) = ReportingWindows.Trailing(lastDay, 30);
        var reports = fixture.Reports();
        var mtdTotal = await reports.TotalAsync(new SpendFilter(mtd), AccessScope.Everything, CancellationToken.None);
        var trailingTotal = await reports.TotalAsync(new SpendFilter(trailing), AccessScope.Everything, CancellationToken.None);

        Assert.True(await page.GetByTestId("demo-banner").IsVisibleAsync());
        Assert.True(mtdTotal > 0);
        Assert.Equal(Money.Usd(mtdTotal), (await mtdValue.InnerTextAsync()).Trim());
        Assert.Equal(Money.Usd(trailingTotal), (await page.GetByTestId("kpi-30d-value").InnerTextAsync()).Trim());
        Assert.Contains("Data through", await page.GetByTestId("freshness").InnerTextAsync());

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "overview.png"), FullPage = true });
    }

    [Fact]
    public async Task FinopsReportByModel_SumsToTheOverviewsMonthToDateFigure()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.App.BaseUrl + "/");
        var shown = (await page.GetByTestId("kpi-mtd-value").InnerTextAsync()).Trim();

        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var (mtd, _) = ReportingWindows.MonthToDate(lastDay);
        var csv = await fixture.RunCliAsync("report", "--by", "model", "--from", mtd.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--to", mtd.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("key,cost_usd", lines[0]);
        var total = lines.Skip(1).Sum(l => decimal.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture));
        Assert.True(lines.Length > 8, "the demo has at least 8 models");
        Assert.Equal(shown, Money.Usd(total));
    }
}
