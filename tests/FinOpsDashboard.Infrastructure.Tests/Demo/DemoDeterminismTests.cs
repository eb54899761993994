using System.Text.Json;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Demo;

namespace FinOpsDashboard.Infrastructure.Tests.Demo;

public sealed class DemoDeterminismTests
{
    private static readonly string[] Metrics = ["UnblendedCost", "AmortizedCost", "UsageQuantity"];

    [Fact]
    public async Task SameOptions_GiveIdenticalSerializedResponses()
    {
        var a = DemoFixture.Standard();
        var b = DemoFixture.Standard();

        Assert.Equal(await SnapshotAsync(a), await SnapshotAsync(b));
    }

    [Fact]
    public async Task DifferentSeed_GivesDifferentAmounts()
    {
        var a = DemoFixture.Standard(seed: 42);
        var b = DemoFixture.Standard(seed: 7);

        Assert.NotEqual(await SnapshotAsync(a), await SnapshotAsync(b));
        Assert.NotEqual(a.Ledger(a.History).Sum(l => l.UnblendedCost), b.Ledger(b.History).Sum(l => l.UnblendedCost));

        // The organisation is the same; only the amounts move.
        Assert.Equal(a.Organisation.Streams.Select(s => s.Id), b.Organisation.Streams.Select(s => s.Id));
    }

    [Fact]
    public async Task WholeWindow_AndDayByDay_GiveIdenticalDays()
    {
        var whole = DemoFixture.Standard();
        var dayByDay = DemoFixture.Standard();
        var window = whole.History;
        var services = whole.Organisation.Services;
        var teamFilters = whole.Organisation.Teams
            .Select(t => new Expression { Tags = new TagValues("team", [t]) })
            .Append(new Expression { Tags = new TagValues("team", null, ["ABSENT"]) })
            .ToList();

        foreach (var service in services)
        {
            foreach (var teamFilter in teamFilters)
            {
                var filter = new Expression { And = [new Expression { Dimensions = new DimensionValues("SERVICE", [service]) }, teamFilter] };
                var all = await AllPagesAsync(whole, window, filter);

                // Newest first, one day per request, on a fresh instance: call order must not matter.
                foreach (var day in window.EachDay().Reverse())
                {
                    var single = await AllPagesAsync(dayByDay, new DateWindow(day, day.AddDays(1)), filter);
                    Assert.Equal(JsonSerializer.Serialize(all[day]), JsonSerializer.Serialize(Assert.Single(single).Value));
                }
            }
        }

        Assert.Equal(
            JsonSerializer.Serialize(whole.Ledger(window)),
            JsonSerializer.Serialize(window.EachDay().SelectMany(d => dayByDay.Ledger(new DateWindow(d, d.AddDays(1))))));
    }

    [Fact]
    public void DaysAfterAnchor_KeepComing_WithoutChangingEarlierDays()
    {
        var atAnchor = DemoFixture.Standard();
        var tenDaysLater = DemoFixture.Standard(now: DemoFixture.Now.AddDays(10));
        var window = new DateWindow(DemoFixture.Anchor.AddDays(-40), DemoFixture.Anchor.AddDays(11));

        var later = tenDaysLater.FinalLedger(window);
        var newDays = later.Select(l => l.Date).Where(d => d > DemoFixture.Anchor).Distinct().Count();

        Assert.Equal(10, newDays);
        Assert.Equal(
            JsonSerializer.Serialize(atAnchor.FinalLedger(window)),
            JsonSerializer.Serialize(later.Where(l => l.Date <= DemoFixture.Anchor)));
    }

    private static async Task<string> SnapshotAsync(DemoWorkload workload)
    {
        var (groups, _, results) = await DemoFixture.FetchLikeIngestionAsync(workload, workload.History);
        var metrics = await workload.GetMetricDataAsync(
            new GetMetricDataRequest
            {
                StartTime = CloudWatchTime.ToEpochSeconds(new DateTime(2026, 6, 20, 0, 0, 0, DateTimeKind.Utc)),
                EndTime = CloudWatchTime.ToEpochSeconds(new DateTime(2026, 6, 27, 0, 0, 0, DateTimeKind.Utc)),
                MetricDataQueries = workload.Organisation.ModelIds
                    .SelectMany((id, i) => new[] { "Invocations", "InputTokenCount", "InvocationLatency" }
                        .Select((m, j) => DemoCloudWatchFetch.Query($"q{i}x{j}", id, m)))
                    .ToList(),
            },
            CancellationToken.None);
        var reservations = await workload.ListProvisionedModelThroughputsAsync(null, CancellationToken.None);
        return JsonSerializer.Serialize(new { groups, results, metrics, reservations });
    }

    private static async Task<Dictionary<DateOnly, ResultByTime>> AllPagesAsync(DemoWorkload workload, DateWindow window, Expression filter)
    {
        var byDay = new Dictionary<DateOnly, ResultByTime>();
        string? token = null;
        do
        {
            var page = await workload.GetCostAndUsageAsync(
                new GetCostAndUsageRequest
                {
                    TimePeriod = new DateInterval(DemoFixture.Iso(window.Start), DemoFixture.Iso(window.End)),
                    Metrics = Metrics,
                    Filter = filter,
                    GroupBy = [new GroupDefinition("DIMENSION", "USAGE_TYPE"), new GroupDefinition("TAG", "feature")],
                    NextPageToken = token,
                },
                CancellationToken.None);
            foreach (var result in page.ResultsByTime)
            {
                byDay.Add(DateOnly.Parse(result.TimePeriod.Start, System.Globalization.CultureInfo.InvariantCulture), result);
            }

            token = page.NextPageToken;
        }
        while (token is not null);

        return byDay;
    }
}
