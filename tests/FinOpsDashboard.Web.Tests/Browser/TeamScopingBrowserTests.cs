using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

/// <summary>
/// Issue 5, acceptance 1: a manager of team A cannot see team B's spend through any page, URL, export or API.
/// The demo manager manages "support"; "commerce" is another demo team with spend.
/// </summary>
[Collection(DashboardAppCollection.Name)]
public sealed class TeamScopingBrowserTests(DashboardAppFixture fixture)
{
    private const string OwnTeam = UserDirectory.DemoManagerTeam;
    private const string OtherTeam = "commerce";

    [Fact]
    public async Task ManagerOfSupport_SeesOnlySupport_OnEveryPageExportAndApi()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoManager);
        var baseUrl = fixture.App.BaseUrl;
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var (trailing, _) = ReportingWindows.Trailing(lastDay, 30);
        var from = trailing.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = trailing.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Overview: the scope is stated and the team table holds only the manager's team.
        await page.GotoAsync(baseUrl + "/");
        await page.GetByTestId("kpi-mtd-value").WaitForAsync();
        Assert.Contains(OwnTeam, await page.GetByTestId("scope-note").InnerTextAsync());
        var teams = await page.GetByTestId("top-teams").Locator("tbody tr .key").AllInnerTextsAsync();
        Assert.Equal([OwnTeam], teams.Select(t => t.Trim()).ToList());

        // The overview's 30-day figure is the manager's team total, which the CLI gives for the same user.
        var cli = DashboardAppFixture.SumOfReport(await fixture.RunCliAsync("report", "--by", "team", "--from", from, "--to", to, "--user", UserDirectory.DemoManager));
        Assert.Equal(Money.Usd(cli), (await page.GetByTestId("kpi-30d-value").InnerTextAsync()).Trim());
        var everyone = DashboardAppFixture.SumOfReport(await fixture.RunCliAsync("report", "--by", "team", "--from", from, "--to", to));
        Assert.True(everyone > cli, "the organisation spends more than one team");

        // Showback of another team by URL: refused, no figures.
        await page.GotoAsync($"{baseUrl}/showback/{OtherTeam}");
        await page.GetByTestId("team-not-available").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("kpi-team-spend").CountAsync());

        // Explorer asked for the other team by URL: nothing; grouped by team: only the own team.
        await page.GotoAsync($"{baseUrl}/explorer?by=team&team={OtherTeam}");
        await page.GetByTestId("explorer-empty").WaitForAsync();
        await page.GotoAsync($"{baseUrl}/explorer?by=team&then=feature");
        await page.GetByTestId("explorer-table").WaitForAsync();
        var keys = await page.GetByTestId("row-key").AllInnerTextsAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Equal(OwnTeam, k.Trim()));

        // Direct requests with the manager's cookie: CSV export, JSON API, showback export.
        var api = page.APIRequest;
        var csv = await (await api.GetAsync($"{baseUrl}/export/explorer.csv?by=team&from={from}&to={to}")).TextAsync();
        var csvKeys = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal([OwnTeam], csvKeys);
        Assert.Equal(cli, DashboardAppFixture.SumOfReport(csv));

        var json = await api.GetAsync($"{baseUrl}/api/spend?by=team&team={OtherTeam}&from={from}&to={to}");
        Assert.Equal(200, json.Status);
        using (var doc = JsonDocument.Parse(await json.TextAsync()))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("rows").GetArrayLength());
            Assert.Equal(0m, doc.RootElement.GetProperty("totalUsd").GetDecimal());
        }

        var unscoped = await api.GetAsync($"{baseUrl}/api/spend?by=model&from={from}&to={to}");
        using (var doc = JsonDocument.Parse(await unscoped.TextAsync()))
        {
            Assert.Equal(cli, doc.RootElement.GetProperty("totalUsd").GetDecimal());
        }

        Assert.Equal(403, (await api.GetAsync($"{baseUrl}/export/showback.csv?team={OtherTeam}&from={from}&to={to}")).Status);
        Assert.Equal(200, (await api.GetAsync($"{baseUrl}/export/showback.csv?team={OwnTeam}&from={from}&to={to}")).Status);

        // Organisation-wide and admin pages are refused on the server (a redirect to the access-denied page).
        foreach (var path in new[] { "/review", "/reconciliation", "/jobs", "/imports", "/data-quality", "/admin/users", "/admin/attribution", "/admin/prices" })
        {
            var response = await page.GotoAsync(baseUrl + path);
            Assert.Contains("/account/denied", page.Url, StringComparison.Ordinal);
            Assert.Equal(200, response!.Status);
            Assert.True(await page.GetByTestId("access-denied").IsVisibleAsync(), path);
        }
    }

    [Fact]
    public async Task ManagerShowback_FiguresEqualTheCliForTheSameUser()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoManager);
        await page.GotoAsync(fixture.App.BaseUrl + "/showback?days=30");
        await page.GetByTestId("kpi-team-spend-value").WaitForAsync();
        await page.Locator("[data-testid=showback-chart] svg path").First.WaitForAsync();
        Assert.Equal(OwnTeam, (await page.GetByTestId("showback-team").InnerTextAsync()).Trim());

        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var window = ReportingWindows.Trailing(lastDay, 30).Current;
        var byFeature = await fixture.RunCliAsync("report", "--by", "feature", "--team", OwnTeam, "--user", UserDirectory.DemoManager,
            "--from", window.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--to", window.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(Money.Usd(DashboardAppFixture.SumOfReport(byFeature)), (await page.GetByTestId("kpi-team-spend-value").InnerTextAsync()).Trim());
        var firstFeature = byFeature.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(',')[0];
        Assert.Contains(firstFeature, await page.GetByTestId("showback-by-feature").InnerTextAsync());
        Assert.True(await page.GetByTestId("unit-costs-model").Locator("tbody tr").CountAsync() > 0);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "showback.png"), FullPage = true });
    }

    [Fact]
    public async Task SignedOut_PagesRedirectToSignIn_AndExportsAnswer401()
    {
        var page = await fixture.NewPageAsync(demoUser: null);
        await page.GotoAsync(fixture.App.BaseUrl + "/explorer?by=team");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await page.GetByTestId("signin-form").WaitForAsync();
        Assert.Equal(401, (await page.APIRequest.GetAsync(fixture.App.BaseUrl + "/api/spend?by=team")).Status);
        Assert.Equal(401, (await page.APIRequest.GetAsync(fixture.App.BaseUrl + "/export/explorer.csv")).Status);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "sign-in.png"), FullPage = true });

        // Wrong password: a message, still signed out. Right password: back to the page asked for.
        await page.GetByTestId("signin-username").FillAsync("admin");
        await page.GetByTestId("signin-password").FillAsync("not-the-password");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.GetByTestId("signin-error").WaitForAsync();
        await page.GetByTestId("signin-username").FillAsync("admin");
        await page.GetByTestId("signin-password").FillAsync(DashboardAppFixture.AdminPassword);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/explorer", StringComparison.Ordinal));
        await page.GetByTestId("explorer-table").WaitForAsync();
        Assert.Contains("Administrator", await page.GetByTestId("current-user").InnerTextAsync());
    }

    [Fact]
    public async Task Explorer_GroupsByTwoDimensions_DrillsDownToFacts_AndKeepsStateInTheUrl()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.App.BaseUrl + "/explorer?by=team&then=model");
        await page.GetByTestId("explorer-table").WaitForAsync();
        await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=explorer-chart] svg path").First.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "explorer.png"), FullPage = true });

        var firstRow = page.GetByTestId("explorer-table").Locator("tbody tr").First;
        var rowCost = (await firstRow.GetByTestId("row-cost").InnerTextAsync()).Trim();
        var rowTeam = (await firstRow.GetByTestId("row-key").InnerTextAsync()).Trim();
        await firstRow.ClickAsync();
        await page.GetByTestId("drill-panel").WaitForAsync();
        Assert.Contains("drill=", page.Url, StringComparison.Ordinal);
        Assert.Equal(rowCost, (await page.GetByTestId("drill-total").InnerTextAsync()).Trim());
        Assert.True(await page.GetByTestId("drill-facts").Locator("tbody tr").CountAsync() > 0);
        Assert.DoesNotContain(Attribution.Unattributed, rowTeam == Attribution.Unattributed ? "" : await page.GetByTestId("drill-facts").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "explorer-drill.png"), FullPage = true });

        // A shared URL reproduces the view, drill-down included, in a fresh session.
        var shared = page.Url;
        var other = await fixture.NewPageAsync();
        await other.GotoAsync(shared);
        await other.GetByTestId("drill-panel").WaitForAsync();
        Assert.Equal(rowCost, (await other.GetByTestId("drill-total").InnerTextAsync()).Trim());
    }
}
