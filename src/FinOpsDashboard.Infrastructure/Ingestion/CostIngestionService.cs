using System.Globalization;
using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Ingestion;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Ingestion;

public sealed record CostIngestionResult(int WindowsFetched, int DaysWritten, long FactsWritten, decimal UnblendedCost);

/// <summary>
/// Daily cost ingestion from Cost Explorer (or the demo workload behind the same interface).
/// Query plan, per fetched window: discover the Bedrock SERVICE values; list the team tag's values; then for
/// each (service, team value, and "no team tag") one GetCostAndUsage grouped by USAGE_TYPE and the feature tag.
/// Filtering by service keeps Marketplace models apart (they share usage-type strings); filtering by team
/// gives team × feature within CE's two-group limit. Each window is written in one transaction that replaces
/// those days (and their spend rollup), so a re-run never duplicates and a failed window leaves the stored days as they were. Team and feature
/// come from the active attribution rules applied to the raw tag values; the write re-reads the rules under its lock,
/// so a version saved while the window was being fetched is the one the facts are stored with.
/// </summary>
public sealed class CostIngestionService(
    IDbContextFactory<FinOpsDbContext> dbFactory, IOptions<IngestionOptions> options, AttributionRuleStore attributionRules, TimeProvider clock)
{
    private static readonly string[] CostMetrics = [CostExplorerNormalizer.UnblendedCost, CostExplorerNormalizer.AmortizedCost, CostExplorerNormalizer.UsageQuantity];

    /// <summary>Fetches the days of <paramref name="window"/> that are missing or still estimated.</summary>
    public async Task<CostIngestionResult> IngestAsync(
        IngestionSource source,
        DateWindow window,
        long jobRunId,
        AwsCallCounter calls,
        IJobProgress progress,
        CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (window.End > today)
        {
            window = new DateWindow(window.Start < today ? window.Start : today, today);
        }

        var stored = await StoredDaysAsync(source, window, cancellationToken);
        var windows = IngestionPlanner.WindowsToFetch(window, stored);
        var attribution = windows.Count > 0 ? await attributionRules.AttributorAsync(cancellationToken) : null;
        var result = new CostIngestionResult(0, 0, 0, 0m);
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            progress.Report($"Cost Explorer {w} ({i + 1}/{windows.Count} windows)", (double)i / windows.Count);
            var facts = await FetchWindowAsync(source, w, attribution!, calls, cancellationToken);
            var written = await ReplaceWindowAsync(source, w, facts, attribution!.Version, jobRunId, cancellationToken);
            result = new CostIngestionResult(
                result.WindowsFetched + 1,
                result.DaysWritten + w.Days,
                result.FactsWritten + written,
                result.UnblendedCost + facts.Sum(f => f.Fact.UnblendedCost));
        }

        progress.Report($"Cost Explorer: {result.FactsWritten:N0} facts over {result.DaysWritten} days", 1);
        return result;
    }

    private async Task<Dictionary<DateOnly, bool>> StoredDaysAsync(IngestionSource source, DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IngestedDays
            .Where(d => d.Source == source.Name && d.AccountId == source.AccountId && d.Date >= window.Start && d.Date < window.End)
            .ToDictionaryAsync(d => d.Date, d => d.IsEstimated, cancellationToken);
    }

    private async Task<List<(ResultByTime Result, CostFact Fact)>> FetchWindowAsync(
        IngestionSource source, DateWindow window, FactAttributor attribution, AwsCallCounter calls, CancellationToken cancellationToken)
    {
        var period = new DateInterval(Iso(window.Start), Iso(window.End));
        var services = await BedrockServicesAsync(source.CostExplorer, period, calls, cancellationToken);
        var teamTagKey = options.Value.TeamTagKey;
        var featureTagKey = options.Value.FeatureTagKey;
        var teams = await TagValuesAsync(source.CostExplorer, period, teamTagKey, services, calls, cancellationToken);
        var ingestedAt = clock.GetUtcNow().UtcDateTime;
        var facts = new List<(ResultByTime, CostFact)>();

        foreach (var service in services)
        {
            var serviceFilter = new Expression { Dimensions = new DimensionValues("SERVICE", [service]) };

            // The raw team tag value each query stands for: a listed value, or "" for spend without the tag.
            var teamFilters = teams
                .Where(t => t.Length > 0)
                .Select(t => (TeamTag: t, Filter: new Expression { Tags = new TagValues(teamTagKey, [t]) }))
                .Append((TeamTag: string.Empty, Filter: new Expression { Tags = new TagValues(teamTagKey, null, ["ABSENT"]) }));

            foreach (var (teamTag, teamFilter) in teamFilters)
            {
                string? token = null;
                do
                {
                    calls.CostExplorerRequest();
                    var page = await source.CostExplorer.GetCostAndUsageAsync(
                        new GetCostAndUsageRequest
                        {
                            TimePeriod = period,
                            Granularity = "DAILY",
                            Metrics = CostMetrics,
                            Filter = new Expression { And = [serviceFilter, teamFilter] },
                            GroupBy = [new GroupDefinition("DIMENSION", "USAGE_TYPE"), new GroupDefinition("TAG", featureTagKey)],
                            NextPageToken = token,
                        },
                        cancellationToken);
                    foreach (var result in page.ResultsByTime)
                    {
                        facts.AddRange(CostExplorerNormalizer
                            .ToFacts(result, service, teamTag.Trim(), featureTagKey, source.AccountId, source.Name, ingestedAt, attribution)
                            .Select(f => (result, f)));
                    }

                    token = page.NextPageToken;
                }
                while (!string.IsNullOrEmpty(token));
            }
        }

        return facts;
    }

    private static async Task<List<string>> BedrockServicesAsync(
        ICostExplorerApi api, DateInterval period, AwsCallCounter calls, CancellationToken cancellationToken)
    {
        var services = new List<string>();
        string? token = null;
        do
        {
            calls.CostExplorerRequest();
            var page = await api.GetDimensionValuesAsync(
                new GetDimensionValuesRequest { TimePeriod = period, Dimension = "SERVICE", SearchString = "Bedrock", NextPageToken = token },
                cancellationToken);
            services.AddRange(page.DimensionValues.Select(v => v.Value).Where(ModelCatalog.IsBedrockService));
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        return services.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> TagValuesAsync(
        ICostExplorerApi api, DateInterval period, string tagKey, IReadOnlyList<string> services, AwsCallCounter calls, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        if (services.Count == 0)
        {
            return values;
        }

        string? token = null;
        do
        {
            calls.CostExplorerRequest();
            var page = await api.GetTagsAsync(
                new GetTagsRequest
                {
                    TimePeriod = period,
                    TagKey = tagKey,
                    Filter = new Expression { Dimensions = new DimensionValues("SERVICE", services) },
                    NextPageToken = token,
                },
                cancellationToken);
            values.AddRange(page.Tags);
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        return values.Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task<long> ReplaceWindowAsync(
        IngestionSource source, DateWindow window, List<(ResultByTime Result, CostFact Fact)> fetched, int attributedWith, long jobRunId, CancellationToken cancellationToken)
    {
        // The same grain can arrive twice only if AWS repeats a group across pages; summing keeps the money.
        var facts = fetched
            .Select(x => x.Fact)
            .GroupBy(f => (f.Date, f.Service, f.UsageType, f.TeamTag, f.FeatureTag, f.ResourceId, f.Principal))
            .Select(g => Merge(g.ToList()))
            .ToList();
        var estimatedDays = fetched.Where(x => x.Result.Estimated).Select(x => x.Result.TimePeriod.Start).ToHashSet(StringComparer.Ordinal);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        return await CostFactWriter.WithLargeCacheAsync(
            connection,
            async () =>
            {
                await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
                await db.CostFacts
                    .Where(f => f.Source == source.Name && f.AccountId == source.AccountId && f.Date >= window.Start && f.Date < window.End)
                    .ExecuteDeleteAsync(cancellationToken);
                await db.IngestedDays
                    .Where(d => d.Source == source.Name && d.AccountId == source.AccountId && d.Date >= window.Start && d.Date < window.End)
                    .ExecuteDeleteAsync(cancellationToken);

                // The rules as of this write lock: a version saved since the fetch started wins (its re-attribution ran before us).
                var attribution = await attributionRules.AttributorAsync(db, cancellationToken);
                if (attribution.Version != attributedWith)
                {
                    facts.ForEach(attribution.Apply);
                }

                // The facts go through the importer's prepared INSERT on this transaction's connection, not EF's change
                // tracker (a year's backfill wrote 5x slower with it, allocating ~29 KB per fact: docs/benchmarks.md).
                // By day, as the importer does: the indexes that start with Date grow at one end.
                using (var writer = new CostFactWriter(connection))
                {
                    foreach (var fact in facts.OrderBy(f => f.Date))
                    {
                        writer.Insert(fact, cancellationToken);
                    }
                }

                var now = clock.GetUtcNow().UtcDateTime;
                var byDay = facts.ToLookup(f => f.Date);
                foreach (var day in window.EachDay())
                {
                    var ofDay = byDay[day].ToList();
                    db.IngestedDays.Add(new IngestedDay
                    {
                        Source = source.Name,
                        AccountId = source.AccountId,
                        Date = day,
                        IsEstimated = estimatedDays.Contains(Iso(day)),
                        FactCount = ofDay.Count,
                        UnblendedCost = ofDay.Sum(f => f.UnblendedCost),
                        IngestedAt = now,
                        JobRunId = jobRunId,
                    });
                }

                await db.SaveChangesAsync(cancellationToken);
                await SpendRollup.RebuildAsync(db, window, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (long)facts.Count;
            },
            cancellationToken);
    }

    private static CostFact Merge(List<CostFact> same)
    {
        var first = same[0];
        if (same.Count > 1)
        {
            first.Quantity = same.Sum(f => f.Quantity);
            first.UnblendedCost = same.Sum(f => f.UnblendedCost);
            first.AmortizedCost = same.Sum(f => f.AmortizedCost);
            first.IsEstimated = same.Any(f => f.IsEstimated);
        }

        return first;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
