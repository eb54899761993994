using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Tests.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Data;

/// <summary>After every write to cost_facts, daily_spend and monthly_spend equal a GROUP BY over the facts.</summary>
public sealed class SpendRollupTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 21);

    [Fact]
    public async Task CostExplorerIngestion_AndItsRerunOfEstimatedDays_KeepTheRollupEqualToTheFacts()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new MutableClock(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var (source, service) = CostExplorer(db, clock, historyDays: 40);
        var window = new DateWindow(Anchor.AddDays(-39), Anchor.AddDays(1));

        await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        var rows = await AssertRollupMatchesFactsAsync(db);
        var estimatedDay = new DateOnly(2026, 11, 20);
        var estimated = await DailyTotalAsync(db, estimatedDay);

        // Three days later the estimated days are final: the re-run replaces them, and their rollup with them.
        clock.Now = clock.Now.AddDays(3);
        await service.IngestAsync(source, new DateWindow(window.Start, new DateOnly(2026, 11, 25)), 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        Assert.True(rows > 40, $"only {rows} rollup rows");
        Assert.True(await AssertRollupMatchesFactsAsync(db) >= rows);
        Assert.NotEqual(estimated, await DailyTotalAsync(db, estimatedDay));
    }

    [Fact]
    public async Task AFailedIngestionWindow_LeavesTheRollupAsItWas()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new MutableClock(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var (source, service) = CostExplorer(db, clock, historyDays: 10);
        var window = new DateWindow(Anchor.AddDays(-9), Anchor.AddDays(1));
        await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        var before = await RollupSnapshotAsync(db);

        clock.Now = clock.Now.AddDays(3);
        var failing = source with { CostExplorer = new FailAfter(source.CostExplorer, successfulCalls: 5) };
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            service.IngestAsync(failing, new DateWindow(window.Start, new DateOnly(2026, 11, 25)), 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None));

        Assert.Equal(before, await RollupSnapshotAsync(db));
        await AssertRollupMatchesFactsAsync(db);
    }

    [Fact]
    public async Task CurImport_ARestatement_AndACopyElsewhere_KeepTheRollupEqualToTheFacts()
    {
        await using var h = await ImportHarness.CreateAsync();
        await h.ImportAsync(h.Write("cur/2026-05.csv", Cur(MixedMonth())));
        await h.ImportAsync(h.Write("cur-june/2026-06.csv", Cur([new Charge(AccountA, Jun1, "USE1-NovaPro-input-tokens", 100m, "1K tokens", 0.08m) { Team = "search" }])));
        await AssertRollupMatchesFactsAsync(h.Db);
        Assert.True(await CountAsync(h.Db, d => d.AccountId == AccountB) > 0);

        // The restatement drops account B and the batch line and changes a cost: the whole period is replaced.
        var restated = MixedMonth()
            .Where(c => c.Account == AccountA && !c.UsageType.EndsWith("-batch", StringComparison.Ordinal))
            .Select(c => c.UsageType == "USE1-NovaPro-output-tokens" ? c with { Cost = 1.01m } : c)
            .ToList();
        await h.ImportAsync(h.Write("cur/2026-05.csv", Cur(restated)));

        await AssertRollupMatchesFactsAsync(h.Db);
        Assert.Equal(0, await CountAsync(h.Db, d => d.AccountId == AccountB));
        Assert.Equal(0, await CountAsync(h.Db, d => d.PricingMode == "batch"));

        // The same export under another name replaces its period with identical data.
        var before = await RollupSnapshotAsync(h.Db);
        await h.ImportAsync(h.Write("elsewhere/2026-05.csv", Cur(restated)));
        Assert.Equal(before, await RollupSnapshotAsync(h.Db));
        await AssertRollupMatchesFactsAsync(h.Db);
    }

    [Fact]
    public async Task FocusImport_KeepsTheRollupEqualToTheFacts()
    {
        await using var h = await ImportHarness.CreateAsync();

        await h.ImportAsync(h.Write("focus/2026-05.csv", Focus(MixedMonth())));

        Assert.True(await AssertRollupMatchesFactsAsync(h.Db) > 0);
    }

    [Fact]
    public async Task Reattribution_MovesTheRollupWithTheFacts_AndBackAgain()
    {
        await using var h = await ImportHarness.CreateAsync();
        await h.ImportAsync(h.Write("cur/2026-05.csv", Cur(MixedMonth())));
        await h.ImportAsync(h.Write("cur-june/2026-06.csv", Cur([new Charge(AccountB, Jun1, "USE1-NovaPro-input-tokens", 100m, "1K tokens", 0.08m) { Team = "search" }])));
        var original = await RollupSnapshotAsync(h.Db);
        var service = new ReattributionService(h.Db.Factory(), h.AttributionRules, TimeProvider.System);
        var v1 = await h.AttributionRules.ActiveAsync(CancellationToken.None);

        await h.AttributionRules.SaveAsync(
            [new("team", "account", null, AccountB, "ml-platform"), .. v1.RuleSet.Rules], "account B belongs to ml-platform", "alice", v1.Version, CancellationToken.None);
        var moved = await service.ReattributeAsync(NullJobProgress.Instance, CancellationToken.None);

        Assert.True(moved.CostFactsChanged > 0);
        await AssertRollupMatchesFactsAsync(h.Db);
        Assert.Equal(await CountAsync(h.Db, d => d.AccountId == AccountB), await CountAsync(h.Db, d => d.AccountId == AccountB && d.Team == "ml-platform"));
        await using (var context = h.Db.Context())
        {
            Assert.Contains(await context.MonthlySpend.Where(m => m.Month == Jun1).Select(m => m.Team).ToListAsync(), t => t == "ml-platform");
        }

        await h.AttributionRules.SaveAsync(v1.RuleSet.Rules, "back", "bob", moved.Version, CancellationToken.None);
        await service.ReattributeAsync(NullJobProgress.Instance, CancellationToken.None);

        Assert.Equal(original, await RollupSnapshotAsync(h.Db));
    }

    [Fact]
    public async Task DemoSeeding_AndReseeding_KeepTheRollupEqualToTheFacts_AndLeaveOtherSourcesAlone()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var provider = AppServices(db, new MutableClock(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)));
        var seeder = provider.GetRequiredService<DemoSeeder>();
        await using (var context = db.Context())
        {
            context.CostFacts.Add(CurFact(new DateOnly(2026, 11, 10), 12.5m));
            await context.SaveChangesAsync();
        }

        await db.DeriveSpendRollupAsync();

        await seeder.SeedAsync(7, 35, DemoScale.Standard, 1, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        var first = await RollupSnapshotAsync(db);
        await AssertRollupMatchesFactsAsync(db);
        await seeder.SeedAsync(8, 20, DemoScale.Standard, 1, 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        await AssertRollupMatchesFactsAsync(db);
        Assert.NotEqual(first, await RollupSnapshotAsync(db));
        await using var check = db.Context();
        Assert.Equal(Anchor.AddDays(-19), await check.DailySpend.MinAsync(d => d.Date));
        Assert.Equal(12.5m, (await check.DailySpend.SingleAsync(d => d.AccountId == "999988887777")).UnblendedCost);
    }

    [Fact]
    public async Task Migration0009_BackfillsTheRollupFromTheFactsAlreadyStored()
    {
        await using var db = new TestDatabase();
        var migrator = new SqlMigrator(db.ConnectionString);
        await migrator.MigrateAsync(targetVersion: 8);
        await db.ExecuteAsync("""
            INSERT INTO cost_facts (Date, AccountId, Region, Service, UsageType, Model, PricingMode, TokenDirection, CrossRegion, CacheTtl, IsClassified,
                Team, Feature, Quantity, Unit, UnblendedCost, AmortizedCost, IsEstimated, Source, IngestedAt, TeamTag, FeatureTag, ResourceId, Principal)
            VALUES
                ('2026-04-30', 'a', 'us-east-1', 'Amazon Bedrock', 'in', 'Nova Pro', 'on-demand', 'input', 'none', NULL, 1, 'search', 'chat', 1, 'tokens', 1000000001, 900000000, 0, 'cur', '2026-05-02 00:00:00', 'search', 'chat', '', ''),
                ('2026-05-01', 'a', 'us-east-1', 'Amazon Bedrock', 'in', 'Nova Pro', 'on-demand', 'input', 'none', NULL, 1, 'search', 'chat', 1, 'tokens', 2000000002, 1900000000, 0, 'cur', '2026-05-02 00:00:00', 'search', 'chat', '', ''),
                ('2026-05-01', 'a', 'us-east-1', 'Amazon Bedrock', 'out', 'Nova Pro', 'on-demand', 'output', 'none', NULL, 1, 'search', 'chat', 1, 'tokens', 3000000003, 2900000000, 0, 'cur', '2026-05-02 00:00:00', 'search', 'chat', '', ''),
                ('2026-05-02', 'a', 'us-east-1', 'Amazon Bedrock', 'in', 'Nova Pro', 'batch', 'input', 'none', NULL, 1, 'support', '(unattributed)', 1, 'tokens', 4000000004, 3900000000, 0, 'cur', '2026-05-02 00:00:00', 'support', '', '', '');
            """);

        await migrator.MigrateAsync();

        Assert.Equal(3, await AssertRollupMatchesFactsAsync(db));
        await using var context = db.Context();
        var may = await context.MonthlySpend.Where(m => m.Month == new DateOnly(2026, 5, 1) && m.Team == "search").SingleAsync();
        Assert.Equal((5.000000005m, 4.8m, 2L), (may.UnblendedCost, may.AmortizedCost, may.FactCount));
    }

    [Fact]
    public async Task Migration0013_BackfillsTheWeeklyUsageFromTheFactsAlreadyStored_SundayInTheWeekBefore()
    {
        await using var db = new TestDatabase();
        var migrator = new SqlMigrator(db.ConnectionString);
        // Facts from before every rollup: 0009 backfills the daily and monthly ones, 0013 the weekly one.
        await migrator.MigrateAsync(targetVersion: 8);
        // Sunday 2026-05-03 closes the week of Monday 04-27; Monday 05-04 opens the next; one fact has a cache TTL.
        await db.ExecuteAsync("""
            INSERT INTO cost_facts (Date, AccountId, Region, Service, UsageType, Model, PricingMode, TokenDirection, CrossRegion, CacheTtl, IsClassified,
                Team, Feature, Quantity, Unit, UnblendedCost, AmortizedCost, IsEstimated, Source, IngestedAt, TeamTag, FeatureTag, ResourceId, Principal)
            VALUES
                ('2026-05-03', 'a', 'us-east-1', 'Amazon Bedrock', 'in', 'Nova Pro', 'on-demand', 'input', 'none', NULL, 1, 'search', 'chat', 1500, 'tokens', 1000000001, 1000000001, 0, 'cur', '2026-05-05 00:00:00', 'search', 'chat', '', ''),
                ('2026-05-04', 'a', 'us-east-1', 'Amazon Bedrock', 'in', 'Nova Pro', 'on-demand', 'input', 'none', NULL, 1, 'search', 'chat', 2500, 'tokens', 2000000002, 2000000002, 0, 'cur', '2026-05-05 00:00:00', 'search', 'chat', '', ''),
                ('2026-05-10', 'a', 'us-east-1', 'Amazon Bedrock', 'in', 'Nova Pro', 'on-demand', 'input', 'none', NULL, 1, 'search', 'chat', 500, 'tokens', 3000000003, 3000000003, 0, 'cur', '2026-05-11 00:00:00', 'search', 'chat', '', ''),
                ('2026-05-10', 'a', 'us-east-1', 'Amazon Bedrock', 'cr', 'Nova Pro', 'on-demand', 'cache-read', 'none', '5m', 1, 'search', 'chat', 100, 'tokens', 4000000004, 4000000004, 0, 'cur', '2026-05-11 00:00:00', 'search', 'chat', '', '');
            """);

        await migrator.MigrateAsync();

        await AssertRollupMatchesFactsAsync(db);
        await using var context = db.Context();
        var weeks = await context.WeeklyUsage.OrderBy(w => w.Week).ThenBy(w => w.TokenDirection).ToListAsync();
        Assert.Equal(
            ["2026-04-27 input '' 1.5 $1.000000001", "2026-05-04 cache-read '5m' 0.1 $4.000000004", "2026-05-04 input '' 3 $5.000000005"],
            weeks.Select(w => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{w.Week:yyyy-MM-dd} {w.TokenDirection} '{w.CacheTtl}' {w.Quantity:0.###} ${w.UnblendedCost}")));
    }

    [Fact]
    public async Task Rebuilding_OutsideTheFactWritesTransaction_IsRefused()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var context = db.Context();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SpendRollup.RebuildAsync(context, new DateWindow(Anchor, Anchor.AddDays(1)), CancellationToken.None));

        Assert.Contains("inside the transaction", error.Message);
    }

    [Theory]
    [InlineData("overlapping and adjacent merge", "1-5,3-9,9-10,20-21", "1-10,20-21")]
    [InlineData("unordered, empty dropped", "20-21,4-4,1-3", "1-3,20-21")]
    [InlineData("one inside another", "1-30,5-6", "1-30")]
    public void Merge_ReturnsDisjointWindowsCoveringEveryDay(string name, string ranges, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(Windows(expected), SpendRollup.Merge(Windows(ranges)));
    }

    /// <summary>
    /// Asserts daily_spend and monthly_spend hold exactly the facts grouped by (day | month, account, model, team,
    /// feature, pricing mode), summed in memory from cost_facts; returns the number of daily rows.
    /// </summary>
    internal static async Task<int> AssertRollupMatchesFactsAsync(TestDatabase db)
    {
        await using var context = db.Context();
        var facts = await context.CostFacts.AsNoTracking().ToListAsync();
        var expectedDaily = facts
            .GroupBy(f => (f.Date, f.AccountId, f.Model, f.Team, f.Feature, f.PricingMode))
            .Select(g => $"{g.Key}|{Exact(g.Sum(f => f.UnblendedCost))}|{Exact(g.Sum(f => f.AmortizedCost))}|{g.Count()}")
            .Order(StringComparer.Ordinal).ToList();
        var expectedMonthly = facts
            .GroupBy(f => (new DateOnly(f.Date.Year, f.Date.Month, 1), f.AccountId, f.Model, f.Team, f.Feature, f.PricingMode))
            .Select(g => $"{g.Key}|{Exact(g.Sum(f => f.UnblendedCost))}|{Exact(g.Sum(f => f.AmortizedCost))}|{g.Count()}")
            .Order(StringComparer.Ordinal).ToList();

        var daily = (await context.DailySpend.AsNoTracking().ToListAsync())
            .Select(d => $"{(d.Date, d.AccountId, d.Model, d.Team, d.Feature, d.PricingMode)}|{Exact(d.UnblendedCost)}|{Exact(d.AmortizedCost)}|{d.FactCount}")
            .Order(StringComparer.Ordinal).ToList();
        var monthly = (await context.MonthlySpend.AsNoTracking().ToListAsync())
            .Select(m => $"{(m.Month, m.AccountId, m.Model, m.Team, m.Feature, m.PricingMode)}|{Exact(m.UnblendedCost)}|{Exact(m.AmortizedCost)}|{m.FactCount}")
            .Order(StringComparer.Ordinal).ToList();

        var expectedWeekly = facts
            .GroupBy(f => (IsoWeek.Containing(f.Date).Monday, f.AccountId, f.Model, f.Team, f.Feature, f.PricingMode, f.TokenDirection, CacheTtl: f.CacheTtl ?? "", f.CrossRegion, f.Unit))
            .Select(g => $"{g.Key}|{Exact(g.Sum(f => f.Quantity))}|{Exact(g.Sum(f => f.UnblendedCost))}|{g.Count()}")
            .Order(StringComparer.Ordinal).ToList();
        var weekly = (await context.WeeklyUsage.AsNoTracking().ToListAsync())
            .Select(w => $"{(w.Week, w.AccountId, w.Model, w.Team, w.Feature, w.PricingMode, w.TokenDirection, w.CacheTtl, w.CrossRegion, w.Unit)}|{Exact(w.Quantity)}|{Exact(w.UnblendedCost)}|{w.FactCount}")
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expectedDaily, daily);
        Assert.Equal(expectedMonthly, monthly);
        Assert.Equal(expectedWeekly, weekly);
        return daily.Count;
    }

    /// <summary>The amount without trailing zeros: a sum in memory keeps the scale of its terms, one read from SQLite does not.</summary>
    private static string Exact(decimal amount) => (amount / 1.000000000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> RollupSnapshotAsync(TestDatabase db)
    {
        await using var context = db.Context();
        var daily = (await context.DailySpend.AsNoTracking().ToListAsync())
            .Select(d => $"{d.Date}|{d.AccountId}|{d.Model}|{d.Team}|{d.Feature}|{d.PricingMode}|{d.UnblendedCost}|{d.AmortizedCost}|{d.FactCount}");
        var monthly = (await context.MonthlySpend.AsNoTracking().ToListAsync())
            .Select(m => $"{m.Month}|{m.AccountId}|{m.Model}|{m.Team}|{m.Feature}|{m.PricingMode}|{m.UnblendedCost}|{m.AmortizedCost}|{m.FactCount}");
        var weekly = (await context.WeeklyUsage.AsNoTracking().ToListAsync())
            .Select(w => $"{w.Week}|{w.AccountId}|{w.Model}|{w.Team}|{w.Feature}|{w.PricingMode}|{w.TokenDirection}|{w.CacheTtl}|{w.CrossRegion}|{w.Unit}|{w.Quantity}|{w.UnblendedCost}|{w.FactCount}");
        return string.Join('\n', daily.Concat(monthly).Concat(weekly).Order(StringComparer.Ordinal));
    }

    private static async Task<int> CountAsync(TestDatabase db, System.Linq.Expressions.Expression<Func<DailySpend, bool>> predicate)
    {
        await using var context = db.Context();
        return await context.DailySpend.CountAsync(predicate);
    }

    private static async Task<decimal> DailyTotalAsync(TestDatabase db, DateOnly day)
    {
        await using var context = db.Context();
        return await context.DailySpend.Where(d => d.Date == day).SumAsync(d => d.UnblendedCost);
    }

    private static (IngestionSource Source, CostIngestionService Service) CostExplorer(TestDatabase db, TimeProvider clock, int historyDays)
    {
        var workload = new DemoWorkload(new DemoWorkloadOptions { Seed = 42, AnchorDay = Anchor, HistoryDays = historyDays }, clock);
        var source = new IngestionSource("demo", DemoWorkload.AccountId, true, workload, workload, [new RegionalApis("us-east-1", workload, workload, workload)]);
        var rules = new AttributionRuleStore(db.Factory(), AttributionKeys.Default, clock);
        return (source, new CostIngestionService(db.Factory(), Options.Create(new IngestionOptions()), rules, clock));
    }

    private static ServiceProvider AppServices(TestDatabase db, TimeProvider clock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = db.Path }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddInfrastructure();
        services.AddSingleton(clock);
        return services.BuildServiceProvider();
    }

    private static CostFact CurFact(DateOnly day, decimal cost) => new()
    {
        Date = day,
        AccountId = "999988887777",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = "USE1-NovaPro-input-tokens",
        Model = "Nova Pro",
        PricingMode = "on-demand",
        TokenDirection = "input",
        Team = "search",
        Feature = "chat",
        Quantity = 1000,
        Unit = "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "cur",
    };

    private static List<DateWindow> Windows(string ranges) => ranges.Split(',')
        .Select(r => r.Split('-'))
        .Select(r => new DateWindow(new DateOnly(2026, 5, int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)), new DateOnly(2026, 5, int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture))))
        .ToList();

    private sealed class MutableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Answers the first calls from the inner API, then fails like a dropped connection.</summary>
    private sealed class FailAfter(ICostExplorerApi inner, int successfulCalls) : ICostExplorerApi
    {
        private int _calls;

        public Task<GetCostAndUsageResponse> GetCostAndUsageAsync(GetCostAndUsageRequest request, CancellationToken cancellationToken) =>
            Next() ? inner.GetCostAndUsageAsync(request, cancellationToken) : throw new HttpRequestException("connection reset");

        public Task<GetDimensionValuesResponse> GetDimensionValuesAsync(GetDimensionValuesRequest request, CancellationToken cancellationToken) =>
            Next() ? inner.GetDimensionValuesAsync(request, cancellationToken) : throw new HttpRequestException("connection reset");

        public Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken) =>
            Next() ? inner.GetTagsAsync(request, cancellationToken) : throw new HttpRequestException("connection reset");

        private bool Next() => Interlocked.Increment(ref _calls) <= successfulCalls;
    }
}
