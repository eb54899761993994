using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Ingestion;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Ingestion;

public sealed record MetricIngestionResult(DateTime From, DateTime To, int MetricsRequested, long PointsWritten);

/// <summary>
/// Hourly CloudWatch AWS/Bedrock ingestion: ListMetrics discovers which ModelId values and metric names exist,
/// GetMetricData fetches them in batches of at most 500 queries (the API's limit). The hours fetched are
/// replaced in one transaction, so re-running an hour never duplicates a point.
/// </summary>
public sealed class MetricIngestionService(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public const string Namespace = "AWS/Bedrock";
    public const int PeriodSeconds = 3600;
    public const int MaxQueriesPerCall = 500;

    /// <summary>Counts are summed per hour; latency is averaged and its p90 kept (a sum of milliseconds means nothing).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> WantedMetrics = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Invocations"] = ["Sum"],
        ["InputTokenCount"] = ["Sum"],
        ["OutputTokenCount"] = ["Sum"],
        ["CacheReadInputTokenCount"] = ["Sum"],
        ["CacheWriteInputTokenCount"] = ["Sum"],
        ["InvocationThrottles"] = ["Sum"],
        ["InvocationClientErrors"] = ["Sum"],
        ["InvocationServerErrors"] = ["Sum"],
        ["InvocationLatency"] = ["Average", "p90"],
    };

    /// <summary>
    /// Fetches [latest stored hour - 2 h, now) — the overlap picks up late datapoints — or the last
    /// <paramref name="backfillDays"/> days on the first run.
    /// </summary>
    public async Task<MetricIngestionResult> IngestAsync(
        IngestionSource source, RegionalApis region, int backfillDays, AwsCallCounter calls, IJobProgress progress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var to = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        DateTime? latest;
        Dictionary<string, string> modelsById;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            latest = await db.MetricFacts
                .Where(m => m.Source == source.Name && m.AccountId == source.AccountId && m.Region == region.Region)
                .MaxAsync(m => (DateTime?)m.Timestamp, cancellationToken);
            modelsById = await KnownModelIdsAsync(db, cancellationToken);
        }

        var from = latest is { } last ? last.AddHours(-2) : to.AddDays(-backfillDays);
        from = CloudWatchRetention.EarliestStart(PeriodSeconds, to) is var earliest && from < earliest ? earliest : from;
        if (from >= to)
        {
            return new MetricIngestionResult(from, to, 0, 0);
        }

        progress.Report($"CloudWatch: listing {Namespace} metrics");
        var metrics = await ListBedrockMetricsAsync(region.CloudWatch, cancellationToken);
        var points = new List<MetricFact>();
        var series = metrics.SelectMany(m => WantedMetrics[m.MetricName].Select(stat => (Metric: m, Stat: stat))).ToList();
        var batches = series.Chunk(CloudWatchRetention.MetricsPerCall(from, to, PeriodSeconds, MaxQueriesPerCall)).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            progress.Report($"CloudWatch: batch {b + 1}/{batches.Count} ({batches[b].Length} metrics)", (double)b / batches.Count);
            points.AddRange(await FetchBatchAsync(source, region, batches[b], from, to, modelsById, calls, cancellationToken));
        }

        await ReplaceAsync(source, region.Region, from, to, points, cancellationToken);
        return new MetricIngestionResult(from, to, series.Count, points.Count);
    }

    /// <summary>
    /// ModelId values that the catalog cannot read: provisioned-model ARNs and inference profiles (ids and ARNs)
    /// resolve through what the control-plane sync stored.
    /// </summary>
    private static async Task<Dictionary<string, string>> KnownModelIdsAsync(FinOpsDbContext db, CancellationToken cancellationToken)
    {
        var known = await db.ProvisionedThroughputs.ToDictionaryAsync(p => p.Arn, p => p.Model, StringComparer.Ordinal, cancellationToken);
        foreach (var profile in await db.InferenceProfiles.AsNoTracking().ToListAsync(cancellationToken))
        {
            known.TryAdd(profile.Arn, profile.Model);
            known.TryAdd(profile.ProfileId, profile.Model);
        }

        return known;
    }

    private static async Task<List<Metric>> ListBedrockMetricsAsync(ICloudWatchApi api, CancellationToken cancellationToken)
    {
        var found = new List<Metric>();
        string? token = null;
        do
        {
            var page = await api.ListMetricsAsync(new ListMetricsRequest { Namespace = Namespace, NextToken = token }, cancellationToken);
            found.AddRange(page.Metrics.Where(m =>
                WantedMetrics.ContainsKey(m.MetricName) && m.Dimensions.Count == 1 && m.Dimensions[0].Name == "ModelId"));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return found
            .DistinctBy(m => (m.MetricName, m.Dimensions[0].Value))
            .OrderBy(m => m.Dimensions[0].Value, StringComparer.Ordinal)
            .ThenBy(m => m.MetricName, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<List<MetricFact>> FetchBatchAsync(
        IngestionSource source, RegionalApis region, (Metric Metric, string Stat)[] batch, DateTime from, DateTime to, IReadOnlyDictionary<string, string> modelsById,
        AwsCallCounter calls, CancellationToken cancellationToken)
    {
        var queries = batch.Select((s, i) => new MetricDataQuery
        {
            Id = $"m{i}",
            MetricStat = new MetricStat(s.Metric, PeriodSeconds, s.Stat),
        }).ToList();
        var byId = queries.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var ingestedAt = clock.GetUtcNow().UtcDateTime;
        var points = new List<MetricFact>();
        string? token = null;
        do
        {
            calls.CloudWatchMetrics(queries.Count);
            var page = await region.CloudWatch.GetMetricDataAsync(
                new GetMetricDataRequest
                {
                    StartTime = CloudWatchTime.ToEpochSeconds(from),
                    EndTime = CloudWatchTime.ToEpochSeconds(to),
                    MetricDataQueries = queries,
                    ScanBy = "TimestampAscending",
                    NextToken = token,
                },
                cancellationToken);
            foreach (var result in page.MetricDataResults)
            {
                if (!byId.TryGetValue(result.Id, out var query) || result.Timestamps.Count != result.Values.Count)
                {
                    throw new FormatException($"CloudWatch returned result '{result.Id}' that matches no query or has {result.Timestamps.Count} timestamps for {result.Values.Count} values.");
                }

                var stat = query.MetricStat!;
                var modelId = stat.Metric.Dimensions[0].Value;
                var model = modelsById.TryGetValue(modelId, out var known) ? known : ModelCatalog.FromModelId(modelId);
                for (var i = 0; i < result.Timestamps.Count; i++)
                {
                    points.Add(new MetricFact
                    {
                        Timestamp = CloudWatchTime.FromEpochSeconds(result.Timestamps[i]),
                        PeriodSeconds = stat.Period,
                        AccountId = source.AccountId,
                        Region = region.Region,
                        ModelId = modelId,
                        Model = model,
                        MetricName = stat.Metric.MetricName,
                        Stat = stat.Stat,
                        Value = result.Values[i],
                        Source = source.Name,
                        IngestedAt = ingestedAt,
                    });
                }
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return points;
    }

    private async Task ReplaceAsync(IngestionSource source, string region, DateTime from, DateTime to, List<MetricFact> points, CancellationToken cancellationToken)
    {
        // Paginated answers may repeat a point at page edges; the last one wins.
        var unique = points
            .GroupBy(p => (p.ModelId, p.MetricName, p.Stat, p.PeriodSeconds, p.Timestamp))
            .Select(g => g.Last())
            .ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await db.MetricFacts
            .Where(m => m.Source == source.Name && m.AccountId == source.AccountId && m.Region == region && m.Timestamp >= from && m.Timestamp < to)
            .ExecuteDeleteAsync(cancellationToken);
        db.MetricFacts.AddRange(unique);
        await db.SaveChangesAsync(cancellationToken);

        // Re-derive the daily sums of every day the window touched, from all stored hourly points of those days.
        var firstDay = DateOnly.FromDateTime(from);
        var endDay = DateOnly.FromDateTime(to) is var d && to.TimeOfDay == TimeSpan.Zero ? d : DateOnly.FromDateTime(to).AddDays(1);
        await db.MetricDailySums
            .Where(m => m.Source == source.Name && m.AccountId == source.AccountId && m.Region == region && m.Date >= firstDay && m.Date < endDay)
            .ExecuteDeleteAsync(cancellationToken);
        var dayStart = firstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var dayEnd = endDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var sums = await db.MetricFacts.AsNoTracking()
            .Where(m => m.Source == source.Name && m.AccountId == source.AccountId && m.Region == region && m.Stat == "Sum" && m.Timestamp >= dayStart && m.Timestamp < dayEnd)
            .GroupBy(m => new { Day = m.Timestamp.Date, m.ModelId, m.MetricName })
            .Select(g => new { g.Key.Day, g.Key.ModelId, g.Key.MetricName, Model = g.Max(m => m.Model), Value = g.Sum(m => m.Value) })
            .ToListAsync(cancellationToken);
        db.MetricDailySums.AddRange(sums.Select(s => new MetricDailySum
        {
            Date = DateOnly.FromDateTime(s.Day),
            Source = source.Name,
            AccountId = source.AccountId,
            Region = region,
            ModelId = s.ModelId,
            Model = s.Model!,
            MetricName = s.MetricName,
            Value = s.Value,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
