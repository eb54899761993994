using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Tests.Ingestion;

public sealed class MetricDailySumTests
{
    [Fact]
    public async Task MetricIngestion_KeepsDailySumsEqualToTheHourlyPoints_AndReRunsReplaceThem()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new FixedTimeProvider(DemoFixture.Now);
        var workload = DemoFixture.Standard(historyDays: 10);
        var region = new RegionalApis(IngestionSourceProvider.DemoRegion, workload, workload, workload);
        var source = new IngestionSource(IngestionSourceProvider.DemoSourceName, DemoWorkload.AccountId, true, workload, workload, [region]);
        var service = new MetricIngestionService(db.Factory(), clock);

        await service.IngestAsync(source, region, 3, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        await service.IngestAsync(source, region, 3, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        await using var context = db.Context();
        var hourly = (await context.MetricFacts.AsNoTracking().Where(m => m.Stat == "Sum").ToListAsync())
            .GroupBy(m => (Day: DateOnly.FromDateTime(m.Timestamp), m.ModelId, m.MetricName))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var daily = await context.MetricDailySums.AsNoTracking().ToListAsync();
        Assert.NotEmpty(daily);
        Assert.Equal(hourly.Count, daily.Count);
        foreach (var sum in daily)
        {
            Assert.Equal(hourly[(sum.Date, sum.ModelId, sum.MetricName)], sum.Value, 6);
        }
    }
}
