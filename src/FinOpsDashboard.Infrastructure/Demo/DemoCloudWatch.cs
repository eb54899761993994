using FinOpsDashboard.Infrastructure.Aws.CloudWatch;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// Answers AWS/Bedrock ListMetrics and GetMetricData (MetricStat queries by ModelId) from the hourly series.
/// Hourly is the native resolution: 3600-multiples aggregate hours, divisors of 3600 split them evenly
/// (remainder to the last slot). Only complete hours before now are reported; results default to
/// TimestampDescending, as CloudWatch's do.
/// </summary>
internal sealed class DemoCloudWatch(DemoEngine engine)
{
    public const string Namespace = "AWS/Bedrock";
    public const string ModelIdDimension = "ModelId";
    public const string Latency = "InvocationLatency";

    /// <summary>CloudWatch's limit per GetMetricData call; above it the answer is PartialData with a NextToken.</summary>
    public const int MaxDatapointsPerCall = 100_800;

    private const int ListPageSize = 500;

    private static readonly Dictionary<string, int> CountMetrics = new(StringComparer.Ordinal)
    {
        ["Invocations"] = DemoHourly.Invocations,
        ["InputTokenCount"] = DemoHourly.InputTokens,
        ["OutputTokenCount"] = DemoHourly.OutputTokens,
        ["CacheReadInputTokenCount"] = DemoHourly.CacheReadTokens,
        ["CacheWriteInputTokenCount"] = DemoHourly.CacheWriteTokens,
        ["InvocationThrottles"] = DemoHourly.Throttles,
        ["InvocationClientErrors"] = DemoHourly.ClientErrors,
        ["InvocationServerErrors"] = DemoHourly.ServerErrors,
    };

    public static IReadOnlyList<string> MetricNames { get; } =
    [
        "Invocations", "InputTokenCount", "OutputTokenCount", "CacheReadInputTokenCount", "CacheWriteInputTokenCount",
        "InvocationThrottles", "InvocationClientErrors", "InvocationServerErrors", Latency,
    ];

    public ListMetricsResponse ListMetrics(ListMetricsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Namespace != Namespace)
        {
            return new ListMetricsResponse([], null);
        }

        var all = engine.Organisation.ModelIds
            .SelectMany(id => MetricNames
                .Where(name => request.MetricName is null || request.MetricName == name)
                .Select(name => new Metric(Namespace, name, [new Dimension(ModelIdDimension, id)])))
            .ToList();
        var offset = string.IsNullOrEmpty(request.NextToken) ? 0 : (int)DemoPaging.DecodeOffset("metrics", request.NextToken);
        var page = all.Skip(offset).Take(ListPageSize).ToList();
        var next = offset + ListPageSize < all.Count ? DemoPaging.EncodeOffset("metrics", offset + ListPageSize) : null;
        return new ListMetricsResponse(page, next);
    }

    public GetMetricDataResponse GetMetricData(GetMetricDataRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = engine.UtcNow;
        var ascending = string.Equals(request.ScanBy, "TimestampAscending", StringComparison.Ordinal);
        var series = request.MetricDataQueries
            .Select(q => (Query: q, Points: Evaluate(q, request.StartTime, request.EndTime, now, ascending)))
            .ToList();

        var offset = string.IsNullOrEmpty(request.NextToken) ? 0 : DemoPaging.DecodeOffset("datapoints", request.NextToken);
        var pageEnd = offset + MaxDatapointsPerCall;
        var results = new List<MetricDataResult>();
        long position = 0;
        foreach (var (query, points) in series)
        {
            var queryStart = position;
            var queryEnd = position + points.Count;
            position = queryEnd;

            // A query's points may straddle pages; a query with no points is answered once, on the first page.
            var overlaps = points.Count > 0 ? queryStart < pageEnd && queryEnd > offset : offset == 0;
            if (!overlaps)
            {
                continue;
            }

            var from = Math.Max(offset, queryStart) - queryStart;
            var to = Math.Min(pageEnd, queryEnd) - queryStart;
            var slice = points.Count == 0 ? points : points.GetRange((int)from, (int)(to - from));
            results.Add(new MetricDataResult(
                query.Id,
                query.Label ?? query.MetricStat?.Metric.MetricName,
                slice.Select(p => p.Timestamp).ToList(),
                slice.Select(p => p.Value).ToList(),
                queryEnd > pageEnd ? "PartialData" : "Complete"));
        }

        var next = position > pageEnd ? DemoPaging.EncodeOffset("datapoints", pageEnd) : null;
        return new GetMetricDataResponse(results, next);
    }

    /// <summary>The demo's latency tail: p90 is 1.6x the hour's average, a typical shape for LLM calls.</summary>
    private static double LatencyFactor(string stat) => stat == "p90" ? 1.6 : 1.0;

    private List<(double Timestamp, double Value)> Evaluate(MetricDataQuery query, double startEpoch, double endEpoch, DateTime now, bool ascending)
    {
        var empty = new List<(double, double)>();
        if (query.MetricStat is not { } stat
            || stat.Metric.Namespace != Namespace
            || stat.Metric.Dimensions.Count != 1
            || stat.Metric.Dimensions[0].Name != ModelIdDimension
            || !engine.Organisation.ModelIds.Contains(stat.Metric.Dimensions[0].Value, StringComparer.Ordinal))
        {
            return empty;
        }

        var isLatency = stat.Metric.MetricName == Latency;
        if (isLatency ? stat.Stat is not ("Average" or "p90") : !(stat.Stat == "Sum" && CountMetrics.ContainsKey(stat.Metric.MetricName)))
        {
            return empty;
        }

        var period = stat.Period;
        if (period <= 0 || (period % 3600 != 0 && (period % 60 != 0 || 3600 % period != 0)))
        {
            return empty;
        }

        var metric = isLatency ? -1 : CountMetrics[stat.Metric.MetricName];
        var modelId = stat.Metric.Dimensions[0].Value;
        var nowEpoch = CloudWatchTime.ToEpochSeconds(now);
        var start = Math.Max(startEpoch, CloudWatchTime.ToEpochSeconds(engine.HistoryStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        var end = Math.Min(endEpoch, nowEpoch);
        if (end <= start)
        {
            return empty;
        }

        // Buckets keyed by period start: (sum or latency-weighted sum, invocations, any datapoint).
        var buckets = new SortedDictionary<long, (double Value, double Invocations, bool Active)>();
        var firstHour = (long)Math.Floor(start / 3600) * 3600;
        var split = period < 3600 ? 3600 / period : 1;
        Span<long> weights = stackalloc long[split];
        Span<long> parts = stackalloc long[split];
        weights.Fill(1);
        for (var hourStart = firstHour; hourStart < end; hourStart += 3600)
        {
            if (hourStart + 3600 > nowEpoch)
            {
                break;
            }

            var time = CloudWatchTime.FromEpochSeconds(hourStart);
            var hours = engine.Hourly(DateOnly.FromDateTime(time)).ByModelId.GetValueOrDefault(modelId);
            if (hours is null || !hours.IsActive(time.Hour))
            {
                continue;
            }

            var invocations = hours.Get(DemoHourly.Invocations, time.Hour);
            if (split == 1)
            {
                var bucket = hourStart / period * period;
                if (bucket < startEpoch || bucket >= endEpoch)
                {
                    continue;
                }

                var value = isLatency ? hours.LatencyWeighted[time.Hour] : hours.Get(metric, time.Hour);
                var current = buckets.GetValueOrDefault(bucket);
                buckets[bucket] = (current.Value + value, current.Invocations + invocations, true);
                continue;
            }

            DemoDistribution.Distribute(isLatency ? 0 : hours.Get(metric, time.Hour), weights, parts);
            for (var i = 0; i < split; i++)
            {
                var bucket = hourStart + (i * period);
                if (bucket < startEpoch || bucket >= endEpoch)
                {
                    continue;
                }

                // Sub-hour slots of an hour share its average latency.
                buckets[bucket] = isLatency
                    ? (hours.LatencyWeighted[time.Hour], invocations, true)
                    : (parts[i], 0, true);
            }
        }

        var points = new List<(double Timestamp, double Value)>(buckets.Count);
        foreach (var (bucket, b) in buckets)
        {
            if (isLatency)
            {
                if (b.Invocations > 0)
                {
                    points.Add((bucket, Math.Round(b.Value / b.Invocations * LatencyFactor(stat.Stat), 2)));
                }
            }
            else
            {
                points.Add((bucket, b.Value));
            }
        }

        if (!ascending)
        {
            points.Reverse();
        }

        return points;
    }
}
