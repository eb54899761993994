using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Infrastructure.Tests.Files;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class ImportsBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task AnAdminAddsAFolder_ImportsIt_AndTheBadRowIsListedWithItsLineNumber()
    {
        var folder = Directory.CreateTempSubdirectory("finops-cur-").FullName;
        var csv = Fixtures.Cur(Fixtures.MixedMonth()).TrimEnd('\n', '\r');
        var badLine = csv.Split('\n').Length + 1;
        await File.WriteAllTextAsync(Path.Combine(folder, "bedrock-2026-05.csv"), csv + "\nonly,three,columns\n");

        var page = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        await page.GotoAsync(fixture.App.BaseUrl + "/imports");
        await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        await page.GetByTestId("new-source").FillAsync("relative/path");
        await page.GetByTestId("add-source").ClickAsync();
        await Assertions.Expect(page.GetByTestId("source-error")).ToContainTextAsync("Use an absolute path");

        await page.GetByTestId("new-source").FillAsync(folder);
        await page.GetByTestId("add-source").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-sources")).ToContainTextAsync(folder);

        await page.GetByTestId("import-now").ClickAsync();
        var files = page.GetByTestId("imported-files");
        await Assertions.Expect(files).ToContainTextAsync("bedrock-2026-05.csv", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Assertions.Expect(files).ToContainTextAsync("cur-2.0");
        await Assertions.Expect(page.GetByTestId("rejections")).ToContainTextAsync(badLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "imports.png"), FullPage = true });

        await page.GotoAsync(fixture.App.BaseUrl + "/data-quality");
        var rejections = page.GetByTestId("rejections");
        await Assertions.Expect(rejections).ToContainTextAsync("bedrock-2026-05.csv");
        await Assertions.Expect(rejections).ToContainTextAsync(badLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("cur", await page.GetByTestId("sources").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotsFolder, "data-quality.png"), FullPage = true });
        Directory.Delete(folder, recursive: true);
    }
}
