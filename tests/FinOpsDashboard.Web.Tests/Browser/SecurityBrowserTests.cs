using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Security;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

[Collection(DashboardAppCollection.Name)]
public sealed class SecurityBrowserTests(DashboardAppFixture fixture)
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

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSiteStrict()
    {
        var page = await fixture.NewPageAsync(UserDirectory.DemoFinOpsLead);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "finops.auth");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal(-1, Math.Sign(cookie.Expires)); // a session cookie: gone when the browser closes (the ticket slides for 8 h)
    }

    [Theory]
    [InlineData("/account/logout")]
    [InlineData("/account/login")]
    [InlineData("/account/demo")]
    public async Task StateChangingPosts_WithoutTheAntiforgeryToken_AreRefused(string path)
    {
        // Signed in (cookie present) but posting without the form's token, as a cross-site form would.
        var page = await fixture.NewPageAsync(UserDirectory.DemoFinOpsLead);
        var response = await page.APIRequest.PostAsync(fixture.App.BaseUrl + path, new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("userName", "demo-admin").Set("password", "x"),
            MaxRedirects = 0,
        });
        Assert.Equal(400, response.Status);

        // Still signed in as before: the logout did not happen, nobody else was signed in.
        await page.GotoAsync(fixture.App.BaseUrl + "/");
        Assert.Contains("Demo FinOps lead", await page.GetByTestId("current-user").InnerTextAsync(), StringComparison.Ordinal);
    }
}
