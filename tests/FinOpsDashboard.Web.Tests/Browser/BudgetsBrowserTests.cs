using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

/// <summary>Issue 7, acceptance 1: an admin creates a team budget in the browser; the team's manager sees its burn on showback.</summary>
[Collection(DashboardAppCollection.Name)]
public sealed class BudgetsBrowserTests(DashboardAppFixture fixture)
{
    private const string Team = UserDirectory.DemoManagerTeam;

    [Fact]
    public async Task AdminCreatesATeamBudget_AndTheManagerSeesItsBurnForecastAndProjectedDate_OnShowback()
    {
        var expected = await ExpectedAsync();
        var amount = decimal.Round(expected.Projected * 0.9m, 0);
        var reaches = expected.Days.First(d => d.Cumulative >= amount).Day;

        // The admin creates a monthly budget for the team in the browser.
        var admin = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        await admin.GotoAsync(fixture.App.BaseUrl + "/admin/budgets");
        await admin.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await admin.GetByTestId("budget-scope-value").ClickAsync();
        await admin.Locator(".rz-dropdown-item", new PageLocatorOptions { HasText = Team }).First.ClickAsync();
        var amountInput = admin.Locator("[data-testid=budget-amount] input, input[data-testid=budget-amount]").First;
        await amountInput.FillAsync(amount.ToString(CultureInfo.InvariantCulture));
        await amountInput.PressAsync("Tab");
        await admin.GetByTestId("budget-save").ClickAsync();
        await admin.GetByTestId("budget-notice").WaitForAsync();
        var row = admin.Locator("[data-testid^=budget-row-]", new PageLocatorOptions { HasText = $"Team: {Team}" });
        Assert.Contains(Money.Usd(amount), await row.InnerTextAsync());
        Assert.Contains("budget.created", await admin.GetByTestId("budget-audit").InnerTextAsync());
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "admin-budgets.png"), FullPage = true });

        // The team's manager sees burn, forecast and the projected date on the team's showback.
        var manager = await fixture.NewPageAsync(UserDirectory.DemoManager);
        await manager.GotoAsync($"{fixture.App.BaseUrl}/showback/{Team}");
        var panel = manager.GetByTestId("showback-budgets");
        await panel.Locator("[data-testid=burn-actual]").WaitForAsync();
        Assert.Equal(Money.Usd(expected.Actual), (await panel.Locator("[data-testid=burn-actual]").InnerTextAsync()).Trim());
        Assert.Equal(Money.Usd(expected.Projected), (await panel.Locator("[data-testid=burn-forecast]").InnerTextAsync()).Trim());
        Assert.Equal(Money.Usd(amount), (await panel.Locator("[data-testid=burn-amount]").InnerTextAsync()).Trim());
        Assert.Equal(reaches.ToString("MMM d, yyyy", Money.Culture), (await panel.Locator("[data-testid=burn-exceed]").InnerTextAsync()).Trim());
        Assert.Contains("mean of the last 7 complete days", await panel.Locator("[data-testid=burn-method]").InnerTextAsync());
        await manager.Locator("[data-testid=showback-chart] svg path").First.WaitForAsync();
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "showback-budget.png"), FullPage = true });

        // The CLI, as the same manager, reports the same stored evaluation.
        using var json = JsonDocument.Parse(await fixture.RunCliAsync("budgets", "--format", "json", "--user", UserDirectory.DemoManager));
        var budget = json.RootElement.EnumerateArray().Single(b => b.GetProperty("scope").GetProperty("value").GetString() == Team);
        Assert.Equal(Money.Usd(expected.Actual), Money.Usd(budget.GetProperty("actualUsd").GetDecimal()));
        Assert.Equal(Money.Usd(expected.Projected), Money.Usd(budget.GetProperty("forecastUsd").GetDecimal()));
        Assert.Equal(reaches.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), budget.GetProperty("projectedExceedDate").GetString());

        // The budget list and the alert centre (90 % of the forecast is crossed: the forecast-basis thresholds raised alerts).
        await manager.GotoAsync(fixture.App.BaseUrl + "/budgets");
        await manager.GetByTestId("burn-up").Locator(".rz-line-series path").First.WaitForAsync();
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "budgets.png"), FullPage = true });
        await manager.GotoAsync(fixture.App.BaseUrl + "/alerts");
        await manager.GetByTestId("alerts-table").WaitForAsync();
        Assert.Contains("100 % of forecast", await manager.GetByTestId("alerts-table").InnerTextAsync());
        Assert.NotEqual(0, await manager.GetByTestId("alert-badge-count").CountAsync());
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "alerts.png"), FullPage = true });
    }

    private sealed record Expected(decimal Actual, decimal Projected, IReadOnlyList<(DateOnly Day, decimal Cumulative)> Days);

    /// <summary>
    /// The month's actual and forecast recomputed here from the stored facts (the same SpendReports the app uses, and
    /// `finops report` for the actual), with the forecast written out longhand: run-rate of the last 7 days × the
    /// weekday's mean over the last 28 days ÷ the 28-day mean.
    /// </summary>
    private async Task<Expected> ExpectedAsync()
    {
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var month = new DateOnly(lastDay.Year, lastDay.Month, 1);
        var from = month < lastDay.AddDays(-27) ? month : lastDay.AddDays(-27);
        var rows = await fixture.Reports().DailyByAsync(SpendDimension.Team, new SpendFilter(new DateWindow(from, lastDay.AddDays(1))) { Teams = [Team] }, AccessScope.Everything, CancellationToken.None);
        var daily = rows.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => g.Sum(r => r.Cost));
        decimal On(DateOnly day) => daily.GetValueOrDefault(day);

        var history = Enumerable.Range(0, 28).Select(i => lastDay.AddDays(-i)).ToList();
        var runRate = history.Take(7).Sum(On) / 7;
        var mean = history.Sum(On) / 28;
        decimal Forecast(DateOnly day) => runRate * (history.Where(h => h.DayOfWeek == day.DayOfWeek).Sum(On) / 4 / mean);

        var days = new List<(DateOnly, decimal)>();
        var cumulative = 0m;
        for (var day = month; day < month.AddMonths(1); day = day.AddDays(1))
        {
            cumulative += day <= lastDay ? On(day) : Forecast(day);
            days.Add((day, cumulative));
        }

        var actual = Enumerable.Range(0, lastDay.Day).Sum(i => On(month.AddDays(i)));
        var report = DashboardAppFixture.SumOfReport(await fixture.RunCliAsync("report", "--by", "team", "--team", Team,
            "--from", month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--to", lastDay.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.Equal(report, actual);
        return new Expected(actual, cumulative, days);
    }
}
