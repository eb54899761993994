using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Aws.Bedrock;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Ingestion;

public sealed class CostIngestionTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 21);

    [Fact]
    public async Task IngestingTheDemoWindow_StoresExactlyTheLedgersMoney_PerServiceAndUsageTypeToTheCent()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var (workload, source, service, window) = Setup(db, new MutableClock(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));

        var result = await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        var expected = workload.Ledger(window).GroupBy(l => $"{l.Service}|{l.UsageType}").ToDictionary(g => g.Key, g => g.Sum(l => l.UnblendedCost));
        await using var context = db.Context();
        var stored = (await context.CostFacts.Select(f => new { f.Service, f.UsageType, f.UnblendedCost }).ToListAsync())
            .GroupBy(f => $"{f.Service}|{f.UsageType}").ToDictionary(g => g.Key, g => g.Sum(f => f.UnblendedCost));
        Assert.Equal(expected.Keys.Order(), stored.Keys.Order());
        foreach (var (key, cost) in expected)
        {
            Assert.True(Math.Round(cost, 2) == Math.Round(stored[key], 2), $"{key}: ledger {cost}, stored {stored[key]}");
        }

        Assert.Equal(Math.Round(expected.Values.Sum(), 2), Math.Round(result.UnblendedCost, 2));

        Assert.Equal(window.Days, result.DaysWritten);
        Assert.Equal(window.Days, await context.IngestedDays.CountAsync());
        Assert.All(await context.CostFacts.ToListAsync(), f => Assert.True(f.IsClassified, $"{f.UsageType} ({f.Service}) was not classified"));
    }

    [Fact]
    public async Task IngestedFacts_AreStoredAsEfStoresTheSameFacts_ColumnForColumn()
    {
        // The window's facts are written with the raw prepared INSERT: saving the same facts through EF Core (the path
        // ingestion used before) into an empty database must give the same bytes in every column, Id included.
        await using var db = await TestDatabase.MigratedAsync();
        var (_, source, service, window) = Setup(db, new MutableClock(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567)));
        var result = await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        await using var viaEf = await TestDatabase.MigratedAsync();
        await using (var read = db.Context())
        await using (var write = viaEf.Context())
        {
            var facts = await read.CostFacts.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
            Assert.Equal(result.FactsWritten, facts.Count);
            Assert.Contains(facts, f => f.IsEstimated);
            Assert.Contains(facts, f => f.CacheTtl is not null);
            facts.ForEach(f => f.Id = 0);
            write.CostFacts.AddRange(facts);
            await write.SaveChangesAsync();
        }

        const string everyColumn = """
            SELECT group_concat(row, char(10)) FROM (SELECT "Id" || '|' || "Date" || '|' || "AccountId" || '|' || "Region" || '|' || "Service" || '|' ||
                "UsageType" || '|' || "Model" || '|' || "PricingMode" || '|' || "TokenDirection" || '|' || "CrossRegion" || '|' || quote("CacheTtl") || '|' ||
                "IsClassified" || '|' || "Team" || '|' || "Feature" || '|' || "Quantity" || '|' || "Unit" || '|' || "UnblendedCost" || '|' ||
                "AmortizedCost" || '|' || "IsEstimated" || '|' || "Source" || '|' || "IngestedAt" || '|' || "TeamTag" || '|' || "FeatureTag" || '|' ||
                "ResourceId" || '|' || "Principal" || '|' || typeof("Date") || typeof("Quantity") || typeof("UnblendedCost") || typeof("IngestedAt") AS row
                FROM cost_facts ORDER BY "Id")
            """;
        var stored = await TextAsync(db, everyColumn);
        Assert.Equal(await TextAsync(viaEf, everyColumn), stored);
        Assert.Contains("2026-11-22 08:00:00.1234567", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondIdenticalRun_FetchesNothingAndChangesNothing()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new MutableClock(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc));
        var (_, source, service, window) = Setup(db, clock);
        await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        var before = await Snapshot(db);

        // Same day: the two estimated days are fetched again (they may still change), nothing else.
        var calls = new AwsCallCounter();
        var second = await service.IngestAsync(source, window, 2, calls, NullJobProgress.Instance, CancellationToken.None);

        Assert.Equal(2, second.DaysWritten);
        Assert.Equal(before, await Snapshot(db));
        Assert.True(calls.CostExplorerRequests < 40, $"a top-up run made {calls.CostExplorerRequests} requests");
    }

    [Fact]
    public async Task EstimatedDays_AreRefetchedUntilFinal_AndThenLeftAlone()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new MutableClock(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc));
        var (workload, source, service, window) = Setup(db, clock);
        await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        var estimatedDay = new DateOnly(2026, 11, 20);
        var estimatedCost = await DayCost(db, estimatedDay);
        Assert.True(await IsEstimated(db, estimatedDay));

        // Three days later the day is final in Cost Explorer: the next run replaces it with the final amount.
        clock.Now = clock.Now.AddDays(3);
        await service.IngestAsync(source, new DateWindow(window.Start, new DateOnly(2026, 11, 25)), 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        var finalCost = await DayCost(db, estimatedDay);
        Assert.False(await IsEstimated(db, estimatedDay));
        Assert.True(finalCost > estimatedCost, "the demo's estimated days show 92-98 % of the final amount");
        Assert.Equal(Math.Round(workload.FinalLedger(new DateWindow(estimatedDay, estimatedDay.AddDays(1))).Sum(l => l.UnblendedCost), 2), Math.Round(finalCost, 2));
    }

    [Fact]
    public async Task AFailureMidWindow_LeavesTheStoredDaysExactlyAsTheyWere()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new MutableClock(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc));
        var (_, source, service, window) = Setup(db, clock);
        await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        var before = await Snapshot(db);

        // Days later, the top-up run's Cost Explorer calls start failing after a few pages.
        clock.Now = clock.Now.AddDays(3);
        var failing = source with { CostExplorer = new FailAfter(source.CostExplorer, successfulCalls: 5) };
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            service.IngestAsync(failing, new DateWindow(window.Start, new DateOnly(2026, 11, 25)), 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None));

        Assert.Equal(before, await Snapshot(db));
    }

    private static (DemoWorkload Workload, IngestionSource Source, CostIngestionService Service, DateWindow Window) Setup(TestDatabase db, MutableClock clock)
    {
        var workload = new DemoWorkload(new DemoWorkloadOptions { Seed = 42, AnchorDay = Anchor, HistoryDays = 30 }, clock);
        var source = new IngestionSource("demo", DemoWorkload.AccountId, true, workload, workload, [new RegionalApis("us-east-1", workload, workload, workload)]);
        return (workload, source, new CostIngestionService(db.Factory(), Options.Create(new IngestionOptions()), new AttributionRuleStore(db.Factory(), AttributionKeys.Default, clock), clock), new DateWindow(Anchor.AddDays(-29), Anchor.AddDays(1)));
    }

    private static async Task<string> Snapshot(TestDatabase db)
    {
        await using var context = db.Context();
        var facts = await context.CostFacts.OrderBy(f => f.Date).ThenBy(f => f.Service).ThenBy(f => f.UsageType).ThenBy(f => f.Team).ThenBy(f => f.Feature)
            .Select(f => $"{f.Date}|{f.Service}|{f.UsageType}|{f.Team}|{f.Feature}|{f.UnblendedCost}|{f.Quantity}|{f.IsEstimated}")
            .ToListAsync();
        return $"{facts.Count} facts\n{string.Join('\n', facts)}";
    }

    private static async Task<string> TextAsync(TestDatabase db, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<decimal> DayCost(TestDatabase db, DateOnly day)
    {
        await using var context = db.Context();
        return await context.CostFacts.Where(f => f.Date == day).SumAsync(f => f.UnblendedCost);
    }

    private static async Task<bool> IsEstimated(TestDatabase db, DateOnly day)
    {
        await using var context = db.Context();
        return (await context.IngestedDays.SingleAsync(d => d.Date == day)).IsEstimated;
    }

    private sealed class MutableClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
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
