using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Tests.AwsApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Ingestion;

/// <summary>Cost ingestion through the real signed HTTP clients against the fake AWS, with faults injected.</summary>
public sealed class AwsIngestionResilienceTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task ThrottlingAndServerErrors_AreRetried_AndEveryDayIsStoredOnce()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var organisation = Organisation(30);
        await using var aws = await FakeAwsServer.StartAsync();
        aws.UseApis(organisation);
        aws.Fail("GetDimensionValues", FakeFault.ServiceUnavailable(), times: 1);
        aws.Fail("GetCostAndUsage", FakeFault.Throttle(), times: 2);
        aws.Fail("GetTags", FakeFault.InternalFailure(), times: 1);
        var window = new DateWindow(Today.AddDays(-30), Today);

        var result = await Service(db).IngestAsync(Source(aws), window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        Assert.Equal(30, result.DaysWritten);
        Assert.Equal(2, aws.RequestsFor("GetDimensionValues").Count);
        Assert.Equal(2, aws.RequestsFor("GetTags").Count);
        await AssertStoredEqualsLedgerAsync(db, organisation, window);
    }

    [Fact]
    public async Task AFailureMidBackfill_KeepsWholeCommittedWindows_AndARerunCompletesWithoutDuplicates()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var organisation = Organisation(90);
        await using var aws = await FakeAwsServer.StartAsync();
        // A 31-day window is 63 pages here (3 services x 7 team filters x 3 pages of 14 days). After 70 pages
        // Cost Explorer breaks for good: the first window is committed, the second never completes.
        aws.UseApis(new BreakAfter(organisation, aws, pages: 70));
        var window = new DateWindow(Today.AddDays(-90), Today);

        var failure = await Assert.ThrowsAsync<AwsApiException>(() =>
            Service(db).IngestAsync(Source(aws), window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None));
        Assert.Equal(AwsErrorKind.ServiceError, failure.Kind);

        await using (var context = db.Context())
        {
            var stored = await context.IngestedDays.OrderBy(d => d.Date).Select(d => d.Date).ToListAsync();
            Assert.Equal(new DateWindow(window.Start, window.Start.AddDays(31)).EachDay(), stored);
            var storedFacts = await context.CostFacts.GroupBy(f => f.Date).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
            Assert.Equal(stored, storedFacts.Keys.Order());
        }

        aws.ClearFaults();
        var rerun = await Service(db).IngestAsync(Source(aws), window, 2, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        Assert.Equal(59, rerun.DaysWritten);
        await AssertStoredEqualsLedgerAsync(db, organisation, window);
    }

    private static DemoWorkload Organisation(int days) =>
        new(new DemoWorkloadOptions { Seed = 11, AnchorDay = Today.AddDays(-1), HistoryDays = days }, TimeProvider.System);

    private static CostIngestionService Service(TestDatabase db) =>
        new(db.Factory(), Options.Create(new IngestionOptions()), new AttributionRuleStore(db.Factory(), AttributionKeys.Default, TimeProvider.System), TimeProvider.System);

    private static IngestionSource Source(FakeAwsServer aws)
    {
        var clients = aws.CreateClients();
        return new IngestionSource("cost-explorer", "111122223333", false, clients.CostExplorer, clients.CostAnomalies,
            [new RegionalApis(clients.Region, clients.CloudWatch, clients.Bedrock, clients.InferenceProfiles)]);
    }

    private static async Task AssertStoredEqualsLedgerAsync(TestDatabase db, DemoWorkload organisation, DateWindow window)
    {
        var ledger = organisation.Ledger(window);
        await using var context = db.Context();
        var stored = await context.CostFacts.Select(f => new { f.Date, f.Service, f.UsageType, f.UnblendedCost }).ToListAsync();
        Assert.Equal(window.Days, await context.IngestedDays.CountAsync());
        foreach (var day in window.EachDay())
        {
            var expected = ledger.Where(l => l.Date == day).Sum(l => l.UnblendedCost);
            var actual = stored.Where(f => f.Date == day).Sum(f => f.UnblendedCost);
            Assert.True(Math.Round(expected, 2) == Math.Round(actual, 2), $"{day}: ledger {expected}, stored {actual}");
        }
    }

    /// <summary>Answers Cost Explorer normally for a number of pages, then makes the fake fail every later call.</summary>
    private sealed class BreakAfter(DemoWorkload inner, FakeAwsServer aws, int pages) : ICostExplorerApi
    {
        private int _pages;

        public Task<GetCostAndUsageResponse> GetCostAndUsageAsync(GetCostAndUsageRequest request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _pages) == pages)
            {
                aws.Fail("GetCostAndUsage", FakeFault.InternalFailure(), times: 1000);
            }

            return inner.GetCostAndUsageAsync(request, cancellationToken);
        }

        public Task<GetDimensionValuesResponse> GetDimensionValuesAsync(GetDimensionValuesRequest request, CancellationToken cancellationToken) =>
            inner.GetDimensionValuesAsync(request, cancellationToken);

        public Task<GetTagsResponse> GetTagsAsync(GetTagsRequest request, CancellationToken cancellationToken) =>
            inner.GetTagsAsync(request, cancellationToken);
    }
}
