using System.Net;
using FinOpsDashboard.Web.Tests.Support;

namespace FinOpsDashboard.Web.Tests.Security;

/// <summary>The real app with a low sign-in limit: attempts beyond it from one address get HTTP 429.</summary>
public sealed class SignInThrottleTests
{
    [Fact]
    public async Task SignInAttemptsBeyondTheLimit_AreRefusedWith429_AndTheFirstAdminPasswordIsPrintedOnce()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Auth__SignInAttemptsPerMinute"] = "3",
            ["Auth__PasswordIterations"] = "10000",
            // No configured password: the app generates one and prints it on the console.
            ["Ingestion__Source"] = "demo",
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = "guess-" + i });
            statuses.Add((await http.PostAsync("/account/login", form)).StatusCode);
        }

        Assert.All(statuses.Take(3), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Contains("First start: created admin 'admin' with password:", app.Output, StringComparison.Ordinal);
    }
}
