using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Reporting;

public sealed class WeeklyReviewDemoTests
{
    // Seven weeks of the demo organisation ending Sunday 2026-11-22, ingested through the real pipeline on Monday
    // morning: the last complete week is 11-16..11-22 and the three weeks reviewed all have their four baseline weeks.
    private static readonly DateOnly Anchor = new(2026, 11, 22);

    [Fact]
    public async Task OnTheSeededDemo_EveryMoversRoundedEffectsAddUpExactlyToItsRoundedChange()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var workload = new DemoWorkload(new DemoWorkloadOptions { Seed = 42, AnchorDay = Anchor, HistoryDays = 49 }, clock);
        var source = new IngestionSource("demo", DemoWorkload.AccountId, true, workload, workload, [new RegionalApis("us-east-1", workload, workload, workload)]);
        await new CostIngestionService(db.Factory(), Options.Create(new IngestionOptions()), new AttributionRuleStore(db.Factory(), AttributionKeys.Default, clock), clock)
            .IngestAsync(source, new DateWindow(Anchor.AddDays(-48), Anchor.AddDays(1)), 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        await new AnomalyIngestionService(db.Factory(), clock).IngestAsync(source, new AwsCallCounter(), CancellationToken.None);
        var reports = new SpendReports(db.Factory());
        var query = new WeeklyReviewQuery(reports, db.Factory(), clock);

        var last = query.LastCompleteWeek();
        Assert.Equal(new DateOnly(2026, 11, 16), last.Monday);
        foreach (var week in new[] { last, last.Previous, last.Previous.Previous })
        {
            var review = await query.GetAsync(week.Monday, AccessScope.Everything, CancellationToken.None);

            Assert.Equal(await reports.TotalAsync(new SpendFilter(week.Window), AccessScope.Everything, CancellationToken.None), review.ThisWeek);
            Assert.Equal(await reports.TotalAsync(new SpendFilter(week.Previous.Window), AccessScope.Everything, CancellationToken.None), review.LastWeek);
            foreach (var dimension in WeeklyReviewQuery.Dimensions)
            {
                foreach (var against in new[] { ReviewBaseline.LastWeek, ReviewBaseline.FourWeekAverage })
                {
                    Assert.NotEmpty(review.MoversOf(dimension, against).Rows);
                }
            }

            WeeklyReviewQueryTests.AssertEffectsAddUp(review);

            // The demo's AWS anomaly (the runaway-retry day) shows in its own week only.
            var spike = workload.Scenarios.RetrySpike.Day;
            Assert.Equal(week.Window.Contains(spike), review.Anomalies.Any(a => a.StartDate == spike));
        }

        // The demo's last two days are still estimated by Cost Explorer on Monday morning.
        Assert.True((await query.GetAsync(null, AccessScope.Everything, CancellationToken.None)).EstimatedDays > 0);
    }
}
