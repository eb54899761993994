using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Demo;

namespace FinOpsDashboard.Infrastructure.Tests.Demo;

public sealed class DemoCloudWatchTests
{
    private static readonly string[] ExpectedModelIds =
    [
        "amazon.nova-lite-v1:0", "amazon.nova-micro-v1:0", "amazon.nova-pro-v1:0", "amazon.titan-embed-text-v2:0",
        "global.anthropic.claude-sonnet-4-6", "meta.llama3-70b-instruct-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        "us.anthropic.claude-opus-4-8", "us.anthropic.claude-sonnet-4-6",
    ];

    [Fact]
    public async Task ListMetrics_HasNineMetricsPerModelIdTheOrganisationUses()
    {
        var workload = DemoFixture.Standard();
        var response = await workload.ListMetricsAsync(new ListMetricsRequest { Namespace = "AWS/Bedrock" }, CancellationToken.None);
        var other = await workload.ListMetricsAsync(new ListMetricsRequest { Namespace = "AWS/EC2" }, CancellationToken.None);
        var ptArn = workload.Organisation.ProvisionedThroughput.Arn;

        var ids = response.Metrics.Select(m => Assert.Single(m.Dimensions)).Select(d => d.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ExpectedModelIds.Append(ptArn).Order(StringComparer.Ordinal), ids);
        Assert.StartsWith("arn:aws:bedrock:us-east-1:111122223333:provisioned-model/", ptArn, StringComparison.Ordinal);
        Assert.All(response.Metrics.GroupBy(m => m.Dimensions[0].Value), g => Assert.Equal(9, g.Count()));
        Assert.Contains(response.Metrics, m => m.MetricName == "CacheWriteInputTokenCount");
        Assert.Empty(other.Metrics);
    }

    [Fact]
    public async Task HourlyTokenCounts_SumPerDayToTheBilledTokens_PerModelId()
    {
        var workload = DemoFixture.Standard();
        var history = workload.History;
        var ptArn = workload.Organisation.ProvisionedThroughput.Arn;
        string[] metrics = ["Invocations", "InputTokenCount", "OutputTokenCount", "CacheReadInputTokenCount", "CacheWriteInputTokenCount"];
        var ids = workload.Organisation.ModelIds;
        var queries = ids.SelectMany((id, i) => metrics.Select((m, j) => DemoCloudWatchFetch.Query($"m{i}x{j}", id, m))).ToList();

        // 10 ids x 5 metrics x 2,880 hours is more than one call's 100,800 points: this also walks NextToken.
        var (points, calls) = await DemoCloudWatchFetch.FetchAllAsync(
            workload, queries, history.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), history.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        Assert.True(calls > 1);

        var ledger = workload.FinalLedger(history);
        var usage = workload.Usage(history);
        for (var i = 0; i < ids.Count; i++)
        {
            var byDay = metrics.Select((_, j) => points[$"m{i}x{j}"]
                    .GroupBy(p => DemoCloudWatchFetch.DayOf(p.Timestamp))
                    .ToDictionary(g => g.Key, g => (long)g.Sum(p => p.Value)))
                .ToArray();
            foreach (var day in history.EachDay())
            {
                long Cw(int metric) => byDay[metric].GetValueOrDefault(day);
                var u = usage.Where(x => x.Date == day && x.ModelId == ids[i]).ToList();
                if (ids[i] == ptArn)
                {
                    // PT traffic is metered under the ARN; the bill shows only hours for it.
                    Assert.Equal(u.Sum(x => x.InputTokens), Cw(1));
                    Assert.DoesNotContain(ledger, l => l.ModelId == ptArn && l.Tokens > 0);
                    continue;
                }

                long Billed(params DemoChargeKind[] kinds) =>
                    ledger.Where(l => l.Date == day && l.ModelId == ids[i] && kinds.Contains(l.Kind)).Sum(l => l.Tokens);
                Assert.Equal(u.Sum(x => x.Requests), Cw(0));
                Assert.Equal(Billed(DemoChargeKind.Input), Cw(1));
                Assert.Equal(Billed(DemoChargeKind.Output), Cw(2));
                Assert.Equal(Billed(DemoChargeKind.CacheRead), Cw(3));
                Assert.Equal(Billed(DemoChargeKind.CacheWrite, DemoChargeKind.CacheWrite1h), Cw(4));
            }
        }
    }

    [Theory]
    [InlineData(300)]
    [InlineData(86400)]
    public async Task OtherPeriods_AggregateTheHourlySeries(int period)
    {
        var workload = DemoFixture.Standard();
        var from = new DateTime(2026, 6, 10, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddDays(3);
        const string modelId = "amazon.nova-pro-v1:0";
        var (hourly, _) = await DemoCloudWatchFetch.FetchAllAsync(workload, [DemoCloudWatchFetch.Query("h", modelId, "InputTokenCount")], from, to);
        var (other, _) = await DemoCloudWatchFetch.FetchAllAsync(workload, [DemoCloudWatchFetch.Query("o", modelId, "InputTokenCount", period)], from, to);

        Assert.Equal(hourly["h"].Sum(p => p.Value), other["o"].Sum(p => p.Value));
        Assert.Equal(period == 300 ? 72 * 12 : 3, other["o"].Count);
        Assert.All(other["o"], p => Assert.Equal(0, p.Timestamp % period));
    }

    [Fact]
    public async Task OnlyCompleteHoursBeforeNow_AreReported_NewestFirstByDefault()
    {
        var workload = DemoFixture.Standard();
        var response = await workload.GetMetricDataAsync(
            new GetMetricDataRequest
            {
                StartTime = CloudWatchTime.ToEpochSeconds(new DateTime(2026, 6, 30, 0, 0, 0, DateTimeKind.Utc)),
                EndTime = CloudWatchTime.ToEpochSeconds(new DateTime(2026, 7, 3, 0, 0, 0, DateTimeKind.Utc)),
                MetricDataQueries = [DemoCloudWatchFetch.Query("q", "amazon.nova-micro-v1:0", "Invocations")],
            },
            CancellationToken.None);

        var result = Assert.Single(response.MetricDataResults);
        Assert.Equal("Complete", result.StatusCode);
        Assert.Null(response.NextToken);

        // Now is 09:30 on 1 July: the 08:00 hour is the last complete one.
        Assert.Equal(CloudWatchTime.ToEpochSeconds(new DateTime(2026, 7, 1, 8, 0, 0, DateTimeKind.Utc)), result.Timestamps[0]);
        Assert.Equal(24 + 9, result.Timestamps.Count);
        Assert.True(result.Timestamps.SequenceEqual(result.Timestamps.OrderDescending()));
    }

    [Fact]
    public async Task UnknownModelIdOrStat_GivesEmptyResults()
    {
        var workload = DemoFixture.Standard();
        var response = await workload.GetMetricDataAsync(
            new GetMetricDataRequest
            {
                StartTime = CloudWatchTime.ToEpochSeconds(new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)),
                EndTime = CloudWatchTime.ToEpochSeconds(new DateTime(2026, 6, 2, 0, 0, 0, DateTimeKind.Utc)),
                MetricDataQueries =
                [
                    DemoCloudWatchFetch.Query("unknown", "amazon.nova-premier-v1:0", "Invocations"),
                    DemoCloudWatchFetch.Query("badstat", "amazon.nova-pro-v1:0", "Invocations", stat: "p99"),
                    new MetricDataQuery { Id = "expr", Expression = "SEARCH('{AWS/Bedrock,ModelId}', 'Sum', 3600)" },
                ],
            },
            CancellationToken.None);

        Assert.Equal(3, response.MetricDataResults.Count);
        Assert.All(response.MetricDataResults, r =>
        {
            Assert.Empty(r.Timestamps);
            Assert.Equal("Complete", r.StatusCode);
        });
    }

    [Fact]
    public async Task Latency_IsAnInvocationWeightedAverage()
    {
        var workload = DemoFixture.Standard();
        var from = new DateTime(2026, 6, 10, 0, 0, 0, DateTimeKind.Utc);
        var (points, _) = await DemoCloudWatchFetch.FetchAllAsync(
            workload, [DemoCloudWatchFetch.Query("l", "us.anthropic.claude-opus-4-8", "InvocationLatency")], from, from.AddDays(1));

        Assert.Equal(24, points["l"].Count);
        Assert.All(points["l"], p => Assert.InRange(p.Value, 900, 3000));
    }
}
