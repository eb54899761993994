using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class ReviewAndAdminBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task WeeklyReview_EachMoversEffectsAddUpToItsChange_AndTheWeekEqualsTheCli()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoFinOpsLead);
        await page.GotoAsync(fixture.App.BaseUrl + "/review");
        await page.GetByTestId("movers-team").WaitForAsync();
        await page.Locator("[data-testid=review-chart] svg path").First.WaitForAsync();

        foreach (var dimension in new[] { "model", "team", "feature", "pricing-mode" })
        {
            var rows = page.GetByTestId("movers-" + dimension).Locator("tbody tr[data-key]");
            Assert.True(await rows.CountAsync() > 0, dimension);
            for (var i = 0; i < await rows.CountAsync(); i++)
            {
                var cells = await rows.Nth(i).Locator("td").AllInnerTextsAsync();
                var change = Parse(cells[3].Split('\n')[0]);
                var effects = cells.Skip(4).Take(5).Sum(Parse);
                Assert.True(change == effects, $"{dimension} {cells[0]}: change {change} but effects sum to {effects}");
            }
        }

        // The week's total is what `finops report` gives for the same seven days.
        var monday = DateOnly.FromDateTime(DateTime.UtcNow);
        monday = monday.AddDays(-(((int)monday.DayOfWeek + 6) % 7) - 7);
        var report = await fixture.RunCliAsync("report", "--by", "model", "--from", monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--to", monday.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(Money.Usd(DashboardAppFixture.SumOfReport(report)), (await page.GetByTestId("kpi-week-value").InnerTextAsync()).Trim());

        var csv = await page.APIRequest.GetAsync(fixture.App.BaseUrl + "/export/review.csv");
        Assert.Equal(200, csv.Status);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "review.png"), FullPage = true });
    }

    [Fact]
    public async Task Reconciliation_ShowsBilledAgainstEstimatedPerModelPerDay()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoFinOpsLead);
        await page.GotoAsync(fixture.App.BaseUrl + "/reconciliation");
        await page.GetByTestId("provenance").WaitForAsync();
        await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        var text = await page.Locator("body").InnerTextAsync();
        Assert.Contains("Claude Sonnet 4.6", text, StringComparison.Ordinal);
        Assert.Contains("cross-region", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("cache", text, StringComparison.OrdinalIgnoreCase);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "reconciliation.png"), FullPage = true });
    }

    [Fact]
    public async Task Admin_CreatesAManager_WhoSignsInWithThePassword_AndSeesOnlyTheirTeam()
    {
        var admin = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        await admin.GotoAsync(fixture.App.BaseUrl + "/admin/users");
        await admin.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await admin.GetByTestId("user-name").FillAsync("grace");
        await admin.GetByTestId("user-display").FillAsync("Grace Hopper");
        await admin.GetByTestId("user-teams").ClickAsync();
        await admin.Locator(".rz-multiselect-item, .rz-dropdown-item", new PageLocatorOptions { HasText = "growth" }).First.ClickAsync();
        await admin.Keyboard.PressAsync("Escape");
        await admin.GetByTestId("user-password").FillAsync("graces-long-password");
        await admin.GetByTestId("user-save").ClickAsync();
        await admin.GetByTestId("user-notice").WaitForAsync();
        Assert.Contains("growth", await admin.GetByTestId("user-grace").InnerTextAsync());
        Assert.Contains("user.created", await admin.GetByTestId("user-audit").InnerTextAsync());
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "admin-users.png"), FullPage = true });

        var grace = await fixture.NewPageAsync(demoUser: null);
        await grace.GotoAsync(fixture.App.BaseUrl + "/account/login");
        await grace.GetByTestId("signin-username").FillAsync("grace");
        await grace.GetByTestId("signin-password").FillAsync("graces-long-password");
        await grace.GetByTestId("signin-submit").ClickAsync();
        await grace.GetByTestId("scope-note").WaitForAsync();
        Assert.Contains("growth", await grace.GetByTestId("scope-note").InnerTextAsync());
        var teams = await grace.GetByTestId("top-teams").Locator("tbody tr .key").AllInnerTextsAsync();
        Assert.Equal(["growth"], teams.Select(t => t.Trim()).ToList());
    }

    /// <summary>"+$1,234.56", "−$12.00" (U+2212) or "–" (no effect) → decimal.</summary>
    private static decimal Parse(string shown)
    {
        var text = shown.Trim();
        if (text is "–" or "")
        {
            return 0;
        }

        var negative = text.StartsWith('−') || text.StartsWith('-');
        var digits = text.TrimStart('+', '−', '-').Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        var value = decimal.Parse(digits, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }
}
