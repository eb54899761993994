using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Reporting;

namespace FinOpsDashboard.Infrastructure.Tests.Reporting;

public sealed class DataQualityQueryTests
{
    /// <summary>
    /// The report is kept between calls, so it must move as soon as anything writes, in this process or another
    /// (a CLI import shares the database, not the web app's memory): each write below goes through a separate
    /// context, as another process's would, and the next call must show it.
    /// </summary>
    [Fact]
    public async Task KeptReport_FollowsEveryWrite_FromAnyWriter()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var query = new DataQualityQuery(db.Factory());

        var empty = await query.GetAsync(CancellationToken.None);
        Assert.Empty(empty.Sources);
        Assert.Same(empty, await query.GetAsync(CancellationToken.None));

        await AddAsync(db, ReviewFacts.Fact("2026-06-01", "Nova Pro", 10m));
        var one = await query.GetAsync(CancellationToken.None);
        Assert.Equal(10m, Assert.Single(one.Sources).Cost);
        Assert.Same(one, await query.GetAsync(CancellationToken.None));

        // A replaced day: the old fact deleted and a new one written, as an ingestion retry does.
        await using (var context = db.Context())
        {
            context.CostFacts.RemoveRange(context.CostFacts);
            context.CostFacts.Add(ReviewFacts.Fact("2026-06-01", "Nova Pro", 12.5m));
            await context.SaveChangesAsync();
        }

        Assert.Equal(12.5m, Assert.Single((await query.GetAsync(CancellationToken.None)).Sources).Cost);

        // A job that rewrites facts in place (re-attribution) changes no id, but its run is recorded.
        await using (var context = db.Context())
        {
            var fact = context.CostFacts.Single();
            fact.Team = Attribution.Unattributed;
            await context.SaveChangesAsync();
        }

        var recorder = new JobRunRecorder(db.Factory(), new JobMonitor(), TimeProvider.System);
        var run = await recorder.StartAsync("attribution-reattribute", "test", 1, CancellationToken.None);
        run.Status = JobRunStatus.Succeeded;
        await recorder.FinishAsync(run, new FinOpsDashboard.Infrastructure.Ingestion.AwsCallCounter(), wroteData: true);

        Assert.Equal(12.5m, Assert.Single((await query.GetAsync(CancellationToken.None)).Sources).UnattributedCost);
    }

    /// <summary>Many pages asking at once after a write get one computation between them, all the same report.</summary>
    [Fact]
    public async Task ConcurrentCallersAfterAWrite_ShareOneReport()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await AddAsync(db, ReviewFacts.Fact("2026-06-01", "Nova Pro", 10m));
        var query = new DataQualityQuery(db.Factory());

        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => query.GetAsync(CancellationToken.None))));

        Assert.All(reports, r => Assert.Same(reports[0], r));
    }

    private static async Task AddAsync(TestDatabase db, CostFact fact)
    {
        await using var context = db.Context();
        context.CostFacts.Add(fact);
        await context.SaveChangesAsync();
    }
}
