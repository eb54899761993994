using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Infrastructure.Pricing;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Infrastructure.Tests.Pricing;

public sealed class PriceCatalogStoreTests
{
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
    private static readonly int SeedCount = PriceCatalog.RepresentativeEntries(DateTime.UnixEpoch).Count;

    [Fact]
    public async Task SeedIfEmpty_InsertsTheRepresentativePricesOnce()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new PriceCatalogStore(db.Factory(), Clock);

        Assert.Equal(SeedCount, await store.SeedIfEmptyAsync(CancellationToken.None));
        Assert.Equal(0, await store.SeedIfEmptyAsync(CancellationToken.None));

        var entries = await store.ListAsync(CancellationToken.None);
        Assert.Equal(SeedCount, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.True(e.IsRepresentative);
            Assert.Equal(RepresentativePrices.Provenance, e.Provenance);
            Assert.Equal(PriceCatalog.SeedActor, e.CreatedBy);
            Assert.Equal(Clock.Now.UtcDateTime, e.CreatedAt);
        });
        Assert.Contains(entries, e => e is { Model: "Claude Sonnet 4.6", Direction: "cache-write", CacheTtl: "1h", CrossRegion: "global", UsdPerMillion: 6.00m });
    }

    [Fact]
    public async Task SeedIfEmpty_FromTwoWritersAtOnce_InsertsTheSeedOnce()
    {
        await using var db = await TestDatabase.MigratedAsync();

        var counts = await Task.WhenAll(
            Task.Run(() => new PriceCatalogStore(db.Factory(), Clock).SeedIfEmptyAsync(CancellationToken.None)),
            Task.Run(() => new PriceCatalogStore(db.Factory(), Clock).SeedIfEmptyAsync(CancellationToken.None)));

        Assert.Equal(SeedCount, counts.Sum());
        Assert.Equal(SeedCount, await db.ScalarAsync("SELECT count(*) FROM price_catalog_entries"));
    }

    [Fact]
    public async Task StartUpMigration_SeedsTheCatalog_AndRunningItAgainAddsNothing()
    {
        await using var db = new TestDatabase();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = db.Path }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddInfrastructure();
        await using var provider = services.BuildServiceProvider();

        await provider.MigrateDatabaseAsync();
        await provider.MigrateDatabaseAsync();

        Assert.Equal(SeedCount, await db.ScalarAsync("SELECT count(*) FROM price_catalog_entries"));
        Assert.Equal(SeedCount, await db.ScalarAsync("SELECT count(*) FROM price_catalog_entries WHERE IsRepresentative = 1"));
    }

    [Fact]
    public async Task LoadAsync_OnAnUnseededStore_PricesAsTheSeedWould()
    {
        await using var db = await TestDatabase.MigratedAsync();

        var catalog = await new PriceCatalogStore(db.Factory(), Clock).LoadAsync(CancellationToken.None);

        Assert.Equal(3.30m, catalog.RateFor("Claude Sonnet 4.6", "us-east-1", "input", "on-demand", "none", null, new(2026, 2, 1))!.UsdPerMillion);
    }

    [Fact]
    public async Task Add_ClosesThePreviousEntryTheDayBefore_AndRecordsWhoAndWhen()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = await SeededAsync(db);

        var change = await store.AddAsync(SonnetGlobalInput(2.70m, new(2026, 3, 1)) with { Note = "private pricing addendum" }, "alice", CancellationToken.None);

        Assert.True(change.Succeeded, string.Join("; ", change.Errors));
        Assert.Equal(new DateOnly(2026, 2, 28), change.Closed!.EffectiveTo);
        Assert.Equal("alice", change.Closed.UpdatedBy);
        Assert.True(change.Closed.IsRepresentative);
        var added = change.Entry!;
        Assert.False(added.IsRepresentative);
        Assert.Equal("entered by alice", added.Provenance);
        Assert.Equal("private pricing addendum", added.Note);
        Assert.Equal(("alice", Clock.Now.UtcDateTime), (added.CreatedBy, added.CreatedAt));

        var catalog = await store.LoadAsync(CancellationToken.None);
        Assert.Equal(3.00m, catalog.RateFor("Claude Sonnet 4.6", null, "input", "on-demand", "global", null, new(2026, 2, 28))!.UsdPerMillion);
        var march = catalog.RateFor("Claude Sonnet 4.6", null, "input", "on-demand", "global", null, new(2026, 3, 1))!;
        Assert.Equal(2.70m, march.UsdPerMillion);
        Assert.False(march.IsRepresentative);
        // The derived geo rate follows the new listed one: 2.70 × 1.10.
        Assert.Equal(2.97m, catalog.RateFor("Claude Sonnet 4.6", null, "input", "on-demand", "none", null, new(2026, 3, 1))!.UsdPerMillion);
    }

    [Theory]
    [InlineData("negative", -1, "A price cannot be negative")]
    [InlineData("absurd", 1500, "above the $1,000 sanity limit")]
    public async Task Add_RejectsImpossibleRates_WithAClearMessage_AndWritesNothing(string name, double rate, string message)
    {
        _ = name;
        await using var db = await TestDatabase.MigratedAsync();
        var store = await SeededAsync(db);

        var change = await store.AddAsync(SonnetGlobalInput((decimal)rate, new(2026, 3, 1)), "alice", CancellationToken.None);

        Assert.False(change.Succeeded);
        Assert.Contains(change.Errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.Equal(SeedCount, await db.ScalarAsync("SELECT count(*) FROM price_catalog_entries"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM price_catalog_entries WHERE EffectiveTo IS NOT NULL"));
    }

    [Fact]
    public async Task Add_RejectsARangeOverlappingALaterEntry_AndLeavesTheEarlierOneAsItWas()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = await SeededAsync(db);
        Assert.True((await store.AddAsync(SonnetGlobalInput(2.70m, new(2026, 3, 1)), "alice", CancellationToken.None)).Succeeded);

        // Open-ended from January would run into the March price.
        var change = await store.AddAsync(SonnetGlobalInput(2.85m, new(2026, 1, 1)), "bob", CancellationToken.None);

        var error = Assert.Single(change.Errors);
        Assert.Contains("from 2026-01-01 overlaps the existing price", error, StringComparison.Ordinal);
        Assert.Contains("(from 2026-03-01)", error, StringComparison.Ordinal);
        await using var context = db.Context();
        var seeded = await context.PriceCatalogEntries.SingleAsync(e => e.Model == "Claude Sonnet 4.6" && e.Direction == "input" && e.IsRepresentative);
        Assert.Equal(new DateOnly(2026, 2, 28), seeded.EffectiveTo);

        // With an end date before March it fits, and closes the seeded price at the end of December.
        var bounded = await store.AddAsync(SonnetGlobalInput(2.85m, new(2026, 1, 1)) with { EffectiveTo = new DateOnly(2026, 2, 28) }, "bob", CancellationToken.None);
        Assert.True(bounded.Succeeded, string.Join("; ", bounded.Errors));
        Assert.Equal(new DateOnly(2025, 12, 31), bounded.Closed!.EffectiveTo);
    }

    [Fact]
    public async Task Add_OnTheDayAnEntryStarts_IsRefused()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = await SeededAsync(db);

        var change = await store.AddAsync(SonnetGlobalInput(2.70m, PriceCatalog.RepresentativeEffectiveFrom), "alice", CancellationToken.None);

        Assert.Contains(change.Errors, e => e.Contains("overlaps the existing price", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Add_NormalisesTheKey_AndRefusesATtlOnAnythingButCacheWrites()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new PriceCatalogStore(db.Factory(), Clock);

        var write = await store.AddAsync(new PriceInput(" Nova Pro ", "US-EAST-1", "Cache-Write", "On-Demand", "", null, 0.05m, new(2026, 1, 1)), "alice", CancellationToken.None);
        var ttlOnInput = await store.AddAsync(new PriceInput("Nova Pro", null, "input", "on-demand", "none", "1h", 0.75m, new(2026, 1, 1)), "alice", CancellationToken.None);

        Assert.True(write.Succeeded, string.Join("; ", write.Errors));
        Assert.Equal(("Nova Pro", "us-east-1", "cache-write", "on-demand", "none", "5m"),
            (write.Entry!.Model, write.Entry.Region, write.Entry.Direction, write.Entry.PricingMode, write.Entry.CrossRegion, write.Entry.CacheTtl));
        Assert.Equal(["A cache TTL applies to cache writes only."], ttlOnInput.Errors);
    }

    [Fact]
    public async Task UpdateNote_And_Close_ChangeOnlyWhatTheySay()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = await SeededAsync(db);
        var novaPro = (await store.ListAsync(CancellationToken.None)).Single(e => e is { Model: "Nova Pro", Direction: "input" });

        var noted = await store.UpdateNoteAsync(novaPro.Id, "  checked against the price list 2026-02  ", "carol", CancellationToken.None);
        var tooEarly = await store.CloseAsync(novaPro.Id, new(2023, 12, 31), "carol", CancellationToken.None);
        var closed = await store.CloseAsync(novaPro.Id, new(2026, 2, 28), "carol", CancellationToken.None);
        var missing = await store.UpdateNoteAsync(999_999, "x", "carol", CancellationToken.None);

        Assert.Equal("checked against the price list 2026-02", noted.Entry!.Note);
        Assert.Equal(0.80m, noted.Entry.UsdPerMillion);
        Assert.Equal(["The last effective day 2023-12-31 is before the first 2024-01-01."], tooEarly.Errors);
        Assert.True(closed.Succeeded);
        Assert.Equal("carol", closed.Entry!.UpdatedBy);
        Assert.Equal(["Price #999999 does not exist."], missing.Errors);
        var catalog = await store.LoadAsync(CancellationToken.None);
        Assert.NotNull(catalog.RateFor("Nova Pro", null, "input", "on-demand", "none", null, new(2026, 2, 28)));
        Assert.Null(catalog.RateFor("Nova Pro", null, "input", "on-demand", "none", null, new(2026, 3, 1)));
    }

    private static async Task<PriceCatalogStore> SeededAsync(TestDatabase db)
    {
        var store = new PriceCatalogStore(db.Factory(), Clock);
        await store.SeedIfEmptyAsync(CancellationToken.None);
        return store;
    }

    private static PriceInput SonnetGlobalInput(decimal rate, DateOnly from) =>
        new("Claude Sonnet 4.6", null, "input", "on-demand", "global", null, rate, from);
}
