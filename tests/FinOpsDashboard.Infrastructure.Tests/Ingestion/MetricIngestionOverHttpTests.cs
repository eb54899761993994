using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Tests.AwsApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Ingestion;

public sealed class MetricIngestionOverHttpTests
{
    [Fact]
    public async Task HourlyMetrics_AreFetchedInBoundedBatches_AndProvisionedModelArnsResolveToTheirModel()
    {
        var now = DateTime.UtcNow;
        await using var db = await TestDatabase.MigratedAsync();
        var organisation = new DemoWorkload(new DemoWorkloadOptions { Seed = 3, AnchorDay = DateOnly.FromDateTime(now).AddDays(-1), HistoryDays = 10 }, TimeProvider.System);
        await using var aws = await FakeAwsServer.StartAsync();
        aws.UseApis(organisation);
        var clients = aws.CreateClients();
        var region = new RegionalApis(clients.Region, clients.CloudWatch, clients.Bedrock, clients.InferenceProfiles);
        var source = new IngestionSource("cost-explorer", "111122223333", false, clients.CostExplorer, clients.CostAnomalies, [region]);
        await new ProvisionedThroughputSyncService(db.Factory(), TimeProvider.System).SyncAsync(source, region, CancellationToken.None);
        var calls = new AwsCallCounter();

        var result = await new MetricIngestionService(db.Factory(), TimeProvider.System)
            .IngestAsync(source, region, backfillDays: 3, calls, NullJobProgress.Instance, CancellationToken.None);
        var again = await new MetricIngestionService(db.Factory(), TimeProvider.System)
            .IngestAsync(source, region, backfillDays: 3, calls, NullJobProgress.Instance, CancellationToken.None);

        Assert.True(result.PointsWritten > 1000);
        Assert.All(aws.RequestsFor("GetMetricData"), r => Assert.InRange(r.BodyAs<Aws.CloudWatch.GetMetricDataRequest>().MetricDataQueries.Count, 1, 500));
        await using var context = db.Context();
        var ptArn = organisation.Organisation.ProvisionedThroughput.Arn;
        Assert.Equal(["Nova 2 Lite"], await context.MetricFacts.Where(m => m.ModelId == ptArn).Select(m => m.Model).Distinct().ToListAsync());
        Assert.Contains(await context.MetricFacts.Select(m => m.Model).Distinct().ToListAsync(), m => m == "Claude Sonnet 4.6");
        // The second run re-fetches only the last hours; points are replaced, never duplicated.
        var duplicates = await context.MetricFacts
            .GroupBy(m => new { m.ModelId, m.MetricName, m.Stat, m.Timestamp })
            .CountAsync(g => g.Count() > 1);
        Assert.Equal(0, duplicates);
        Assert.True(again.From > result.From, "the second run starts near the latest stored hour");
    }
}
