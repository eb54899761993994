using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class AttributionBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task AnAdminAddsARule_SeesItValidatedAndPreviewed_SavesANewVersion_AndItIsInTheHistory()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        await page.GotoAsync(fixture.App.BaseUrl + "/admin/attribution");
        await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.GetByTestId("rule-4")).ToContainTextAsync("feature");

        // A new rule starts as "team: tag[team] = * → {value}", a copy of rule 1 that could never apply: refused.
        await page.GetByTestId("add-rule").ClickAsync();
        await Assertions.Expect(page.GetByTestId("validation-errors")).ToContainTextAsync("Rule 5 (match): Same target, source, key and match as rule 1");
        Assert.True(await page.GetByTestId("save").IsDisabledAsync());

        // A rule that matches none of the demo's teams, moved to the top: the preview shows the shares unchanged.
        var row = page.GetByTestId("rule-5");
        await row.GetByLabel("Match").FillAsync("no-such-team-*");
        await row.GetByLabel("Match").PressAsync("Tab");
        await row.GetByLabel("Assign").FillAsync("nobody");
        await row.GetByLabel("Assign").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("validation-errors")).ToHaveCountAsync(0);
        await page.GetByTestId("edit-5").ClickAsync();
        for (var i = 5; i > 1; i--)
        {
            await page.GetByTestId($"up-{i}").ClickAsync();
        }

        await Assertions.Expect(page.GetByTestId("rule-1")).ToContainTextAsync("no-such-team-*");
        await Assertions.Expect(page.GetByTestId("pending-changes")).ToContainTextAsync("Added #1 team: tag[team] = no-such-team-* → nobody");
        await page.GetByTestId("preview").ClickAsync();
        var team = page.GetByTestId("preview-team");
        await Assertions.Expect(team).ToContainTextAsync("%");
        var cells = await team.Locator("td").AllInnerTextsAsync();
        Assert.Equal(cells[1], cells[2]);

        await page.GetByTestId("note").FillAsync("Catch-all for retired search teams");
        await page.GetByTestId("note").PressAsync("Tab");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-outcome")).ToContainTextAsync("Saved version 2", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("save-outcome")).ToContainTextAsync("re-attributed");
        await Assertions.Expect(page.GetByTestId("active-version")).ToContainTextAsync("Version 2");
        var history = page.GetByTestId("version-2");
        await Assertions.Expect(history).ToContainTextAsync("Catch-all for retired search teams");
        await Assertions.Expect(history).ToContainTextAsync("Added #1 team: tag[team] = no-such-team-* → nobody");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "attribution.png"), FullPage = true });

        await using var context = fixture.Context();
        Assert.Equal(2, await context.AttributionRuleSets.CountAsync());
        Assert.Equal(0, await context.CostFacts.CountAsync(f => f.Team == "nobody"));
        Assert.Contains(await context.JobRuns.Where(r => r.JobName == "attribution-reattribute").Select(r => r.Trigger).ToListAsync(), t => t == "rules-saved");
    }
}
