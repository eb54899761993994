using System.Globalization;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Demo;

namespace FinOpsDashboard.Infrastructure.Tests.Demo;

public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Builders for the demo tests: anchor 2026-06-30, "now" the next morning, so history ends at the anchor.</summary>
internal static class DemoFixture
{
    public static readonly DateOnly Anchor = new(2026, 6, 30);
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 9, 30, 0, TimeSpan.Zero);

    public static DemoWorkload Standard(int seed = 42, DateTimeOffset? now = null, int historyDays = 120) =>
        new(new DemoWorkloadOptions { Seed = seed, AnchorDay = Anchor, HistoryDays = historyDays }, new FixedTimeProvider(now ?? Now));

    public static DateWindow History(DemoWorkload workload) => workload.History;

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static decimal Amount(MetricValue value) => decimal.Parse(value.Amount, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>A fetched CE group with the filter context it came from.</summary>
    public sealed record FetchedGroup(DateOnly Day, bool Estimated, string Service, string? Team, string UsageType, string FeatureKey, decimal Unblended, decimal Amortized, decimal Quantity, string QuantityUnit);

    /// <summary>Runs ingestion's Cost Explorer plan: services, team values, then (service x team | ABSENT) pages grouped by usage type and feature.</summary>
    public static async Task<(List<FetchedGroup> Groups, int Calls, List<ResultByTime> Results)> FetchLikeIngestionAsync(ICostExplorerApi api, DateWindow window)
    {
        var period = new DateInterval(Iso(window.Start), Iso(window.End));
        var calls = 1;
        var services = (await api.GetDimensionValuesAsync(
                new GetDimensionValuesRequest { TimePeriod = period, Dimension = "SERVICE", SearchString = "Bedrock" }, CancellationToken.None))
            .DimensionValues.Select(v => v.Value).ToList();
        calls++;
        var teams = (await api.GetTagsAsync(
                new GetTagsRequest { TimePeriod = period, TagKey = "team", Filter = new Expression { Dimensions = new DimensionValues("SERVICE", services) } },
                CancellationToken.None))
            .Tags;

        var groups = new List<FetchedGroup>();
        var results = new List<ResultByTime>();
        foreach (var service in services)
        {
            var teamFilters = teams.Where(t => t.Length > 0)
                .Select(t => ((string?)t, new Expression { Tags = new TagValues("team", [t]) }))
                .Append(((string?)null, new Expression { Tags = new TagValues("team", null, ["ABSENT"]) }));
            foreach (var (team, teamFilter) in teamFilters)
            {
                string? token = null;
                do
                {
                    calls++;
                    var page = await api.GetCostAndUsageAsync(
                        new GetCostAndUsageRequest
                        {
                            TimePeriod = period,
                            Granularity = "DAILY",
                            Metrics = ["UnblendedCost", "AmortizedCost", "UsageQuantity"],
                            Filter = new Expression { And = [new Expression { Dimensions = new DimensionValues("SERVICE", [service]) }, teamFilter] },
                            GroupBy = [new GroupDefinition("DIMENSION", "USAGE_TYPE"), new GroupDefinition("TAG", "feature")],
                            NextPageToken = token,
                        },
                        CancellationToken.None);
                    results.AddRange(page.ResultsByTime);
                    foreach (var result in page.ResultsByTime)
                    {
                        var day = DateOnly.ParseExact(result.TimePeriod.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                        groups.AddRange(result.Groups.Select(g => new FetchedGroup(
                            day, result.Estimated, service, team, g.Keys[0], g.Keys[1],
                            Amount(g.Metrics["UnblendedCost"]), Amount(g.Metrics["AmortizedCost"]), Amount(g.Metrics["UsageQuantity"]), g.Metrics["UsageQuantity"].Unit)));
                    }

                    token = page.NextPageToken;
                }
                while (token is not null);
            }
        }

        return (groups, calls, results);
    }
}

internal static class DemoCloudWatchFetch
{
    /// <summary>Follows NextToken until done and merges each query's points by Id, as ingestion does.</summary>
    public static async Task<(Dictionary<string, List<(double Timestamp, double Value)>> Points, int Calls)> FetchAllAsync(
        ICloudWatchApi api,
        IReadOnlyList<MetricDataQuery> queries,
        DateTime from,
        DateTime to)
    {
        var points = queries.ToDictionary(q => q.Id, _ => new List<(double, double)>(), StringComparer.Ordinal);
        string? token = null;
        var calls = 0;
        do
        {
            calls++;
            var page = await api.GetMetricDataAsync(
                new GetMetricDataRequest
                {
                    StartTime = CloudWatchTime.ToEpochSeconds(from),
                    EndTime = CloudWatchTime.ToEpochSeconds(to),
                    MetricDataQueries = queries,
                    ScanBy = "TimestampAscending",
                    NextToken = token,
                },
                CancellationToken.None);
            foreach (var result in page.MetricDataResults)
            {
                points[result.Id].AddRange(result.Timestamps.Zip(result.Values));
            }

            token = page.NextToken;
        }
        while (token is not null);

        return (points, calls);
    }

    public static MetricDataQuery Query(string id, string modelId, string metric, int period = 3600, string? stat = null) => new()
    {
        Id = id,
        MetricStat = new MetricStat(
            new Metric("AWS/Bedrock", metric, [new Dimension("ModelId", modelId)]),
            period,
            stat ?? (metric == "InvocationLatency" ? "Average" : "Sum")),
    };

    public static DateOnly DayOf(double epochSeconds) =>
        DateOnly.FromDateTime(CloudWatchTime.FromEpochSeconds(epochSeconds));
}
