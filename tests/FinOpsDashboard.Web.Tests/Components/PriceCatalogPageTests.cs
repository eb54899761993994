using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Infrastructure.Pricing;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using PriceCatalogPage = FinOpsDashboard.Web.Components.Pages.Admin.PriceCatalog.PriceCatalog;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class PriceCatalogPageTests
{
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 6, 20, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task PriceCatalog_ListsTheSeed_MarkedRepresentative_BesideAnAdminsPrice()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new PriceCatalogStore(db.Factory(), Clock);
        await store.SeedIfEmptyAsync(CancellationToken.None);
        var added = await store.AddAsync(
            new PriceInput("Claude Sonnet 4.6", null, "input", "on-demand", "global", null, 2.70m, new(2026, 6, 1), Note: "private pricing addendum"),
            "alice", CancellationToken.None);
        Assert.True(added.Succeeded);

        var doc = await ComponentRenderer.RenderAsync<PriceCatalogPage>(Services(db, store));

        var seedCount = PriceCatalog.RepresentativeEntries(DateTime.UnixEpoch).Count;
        var grid = doc.ByTestId("prices");
        Assert.Equal(seedCount, grid.QuerySelectorAll("[data-testid='representative']").Length);
        Assert.Contains("$2.70", grid.QuerySelectorAll("[data-testid='rate']").Select(r => r.TextContent));
        Assert.Contains("entered by alice", grid.TextContent, StringComparison.Ordinal);
        Assert.Contains("private pricing addendum", grid.TextContent, StringComparison.Ordinal);
        Assert.Contains("2024-01-01 – 2026-05-31", grid.TextContent, StringComparison.Ordinal);
        Assert.Contains($"{seedCount + 1} entries", doc.QuerySelector("h2 .muted")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.ByTestId("add-price"));
        Assert.Null(doc.QuerySelector("[data-testid='price-errors']"));
    }

    private static ServiceProvider Services(TestDatabase db, PriceCatalogStore store)
    {
        var services = new ServiceCollection().AddComponentTestServices();
        services.AddSingleton(db.Factory());
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(store);
        return services.BuildServiceProvider();
    }
}
