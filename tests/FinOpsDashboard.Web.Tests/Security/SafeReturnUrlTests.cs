using FinOpsDashboard.Web.Security;

namespace FinOpsDashboard.Web.Tests.Security;

public sealed class SafeReturnUrlTests
{
    [Theory]
    [InlineData("a local path", "/explorer?team=search", "/explorer?team=search")]
    [InlineData("the root", "/", "/")]
    [InlineData("nothing", null, "/")]
    [InlineData("another site", "https://evil.example/phish", "/")]
    [InlineData("a protocol-relative URL", "//evil.example", "/")]
    [InlineData("a backslash trick browsers read as //", "/\\evil.example", "/")]
    [InlineData("a relative path without the slash", "explorer", "/")]
    [InlineData("a javascript: URL", "javascript:alert(1)", "/")]
    public void SignInReturnUrls_StayOnThisSite(string name, string? requested, string expected) =>
        Assert.True(expected == AccountEndpoints.SafeReturnUrl(requested), name);
}
