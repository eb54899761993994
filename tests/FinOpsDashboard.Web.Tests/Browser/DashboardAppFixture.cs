using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FinOpsDashboard.Web.Tests.Browser;

/// <summary>One app process (seeded with the demo at start-up) and one Chromium shared by the browser tests.</summary>
public sealed class DashboardAppFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            // Many tests sign in from 127.0.0.1 within a minute; the throttle itself has its own test.
            ["Auth__SignInAttemptsPerMinute"] = "1000",
            ["Auth__InitialAdmin__Password"] = AdminPassword,
            ["Auth__PasswordIterations"] = "10000",
        });
        await App.WaitForJobAsync(JobNames.DemoSeed, TimeSpan.FromMinutes(3));

        // Seeding wrote data, so the analytics refresh (recommendations, anomalies, budgets) follows it.
        await App.WaitForJobAsync(Infrastructure.Analytics.AnalyticsRefreshJob.Name, TimeSpan.FromMinutes(3));
        (_playwright, Browser) = await Support.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>The same reporting service the app uses, over the app's database file.</summary>
    public SpendReports Reports() => new(new FileFactory(App.DatabasePath));

    public FinOpsDbContext Context() => new FileFactory(App.DatabasePath).CreateDbContext();

    /// <summary>The configured first admin's password (a real account, signed in through the form).</summary>
    public const string AdminPassword = "correct-horse-battery-staple";

    /// <summary>A page in its own browser context (own cookies), signed in as a one-click demo user; null = not signed in.</summary>
    public async Task<IPage> NewPageAsync(string? demoUser = UserDirectory.DemoFinOpsLead)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        if (demoUser is not null)
        {
            await page.GotoAsync(App.BaseUrl + "/account/login");
            await page.GetByTestId("demo-" + demoUser).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        }

        return page;
    }

    /// <summary>Runs the CLI against the app's database and returns its standard output (fails the test on a non-zero exit).</summary>
    public async Task<string> RunCliAsync(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(RepoPaths.CliExecutable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Database__Path"] = App.DatabasePath;
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"finops {string.Join(' ', args)} exited {process.ExitCode}: {stderr}");
        return stdout;
    }

    /// <summary>Sum of the cost column of `finops report` CSV output.</summary>
    public static decimal SumOfReport(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Sum(l => decimal.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private sealed class FileFactory(string path) : IDbContextFactory<FinOpsDbContext>
    {
        public FinOpsDbContext CreateDbContext() =>
            new(new DbContextOptionsBuilder<FinOpsDbContext>().UseSqlite(SqliteConnectionSetup.ConnectionString(path)).Options);
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardAppCollection : ICollectionFixture<DashboardAppFixture>
{
    public const string Name = "dashboard app";
}
