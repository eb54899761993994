using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Security;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class SecurityHeadersBrowserTests(DashboardAppFixture fixture)
{
    [Fact]
    public async Task EveryPage_SendsTheSecurityHeaders_AndRunsWithoutAContentSecurityPolicyViolation()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoAdmin);
        var violations = new List<string>();
        var current = "";
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                violations.Add($"{current}: {message.Text}");
            }
        };

        foreach (var path in new[] { "/", "/explorer", "/showback/support", "/review", "/recommendations", "/pt", "/jobs", "/admin/prices" })
        {
            current = path;
            var response = await page.GotoAsync(fixture.App.BaseUrl + path);
            Assert.NotNull(response);
            var headers = await response!.AllHeadersAsync();
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, headers["content-security-policy"]);
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Equal("DENY", headers["x-frame-options"]);
            Assert.Equal("no-referrer", headers["referrer-policy"]);

            // The live circuit started (its WebSocket is allowed by connect-src 'self') and Radzen rendered.
            await page.Locator("[data-testid=circuit][data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
