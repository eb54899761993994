using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Reporting;
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
        App = await AppProcess.StartAsync();
        await App.WaitForJobAsync(JobNames.DemoSeed, TimeSpan.FromMinutes(3));
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

    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1900 } });
        page.SetDefaultTimeout(20_000);
        return page;
    }

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
