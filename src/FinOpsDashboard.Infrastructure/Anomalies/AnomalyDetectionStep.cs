using System.Diagnostics;
using System.Text.Json;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Reporting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Anomalies;

/// <summary>
/// Recomputes our anomaly flags over the last EvaluationDays days (see <see cref="AnomalyDetector"/>): reads daily sums per
/// series in one grouped query and, for the flagged days and their baseline days only, the pricing cells per usage type, all
/// in one read snapshot; then upserts the flags in one write transaction. A re-run updates numbers in place and never
/// touches review fields; a flag that disappeared is deleted when nobody reviewed it, else kept and marked no longer current.
/// </summary>
public sealed class AnomalyDetectionStep(IDbContextFactory<FinOpsDbContext> dbFactory, IOptions<AnomalySettings> options, TimeProvider clock) : IAnalyticsStep
{
    public string Name => "anomalies";

    public int Order => 10;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<AnalyticsStepResult> RunAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        var settings = options.Value.Validated();
        var stopwatch = Stopwatch.StartNew();
        progress.Report("Anomalies: reading daily spend");
        var computed = await ComputeAsync(settings, cancellationToken);
        if (computed is null)
        {
            return new AnalyticsStepResult(0, "no spend stored");
        }

        progress.Report("Anomalies: saving flags");
        var (inserted, updated, removed, retired) = await SaveAsync(computed, cancellationToken);
        return new AnalyticsStepResult(
            inserted + updated + removed + retired,
            $"{computed.Flags.Count} flag(s) over {computed.SeriesWatched} series, {computed.Evaluate.Start:yyyy-MM-dd}..{computed.Evaluate.End.AddDays(-1):yyyy-MM-dd} " +
            $"({inserted} new, {updated} updated, {removed} removed, {retired} kept as reviewed) in {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>One flag with everything stored about it.</summary>
    internal sealed record ComputedFlag(AnomalyFlag Flag, AnomalyExplanation Explanation, string? Team, string? AwsAnomalyId);

    internal sealed record Computation(DateWindow Evaluate, int SeriesWatched, IReadOnlyList<ComputedFlag> Flags);

    private async Task<Computation?> ComputeAsync(AnomalySettings settings, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // A deferred transaction is a read snapshot in WAL mode: sums and cells come from the same facts, and writers are not blocked.
        await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(snapshot, cancellationToken);

        var latest = await db.CostFacts.MaxAsync(f => (DateOnly?)f.Date, cancellationToken);
        if (latest is not { } last)
        {
            return null;
        }

        var dataEnd = last.AddDays(1);
        var evaluate = new DateWindow(dataEnd.AddDays(-settings.EvaluationDays), dataEnd);
        var earliest = await db.CostFacts.MinAsync(f => f.Date, cancellationToken);
        var loadStart = evaluate.Start.AddDays(-7 * settings.TrailingWeeks);
        var data = new DateWindow(earliest > loadStart ? earliest : loadStart, dataEnd);

        var sums = await SpendReports.Facts(db, new SpendFilter(data), AccessScope.Everything)
            .GroupBy(f => new { f.Date, f.Model, f.Team, f.Feature, f.PricingMode })
            .Select(g => new DaySum(g.Key.Date, g.Key.Model, g.Key.Team, g.Key.Feature, g.Key.PricingMode, g.Sum(f => f.UnblendedCost)))
            .ToListAsync(cancellationToken);

        var series = BuildSeries(sums, data);
        var watched = series.Where(s => AnomalyDetector.HasEnoughHistory(s, settings)).ToList();
        var flags = watched.SelectMany(s => AnomalyDetector.Detect(s, evaluate, settings)).ToList();

        var computed = new List<ComputedFlag>(flags.Count);
        if (flags.Count > 0)
        {
            var days = flags.SelectMany(f => f.Baseline.Days.Append(f.Date)).Distinct().ToList();
            var cells = (await SpendReports.Facts(db, new SpendFilter(data), AccessScope.Everything)
                    .Where(f => days.Contains(f.Date))
                    .GroupBy(f => new { f.Date, f.Model, f.Team, f.Feature, f.PricingMode, f.TokenDirection, f.CacheTtl, f.CrossRegion, f.Unit, f.UsageType })
                    .Select(g => new DayCell(
                        g.Key.Date, g.Key.Model, g.Key.Team, g.Key.Feature, g.Key.PricingMode, g.Key.TokenDirection, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit, g.Key.UsageType,
                        g.Sum(f => f.Quantity), g.Sum(f => f.UnblendedCost)))
                    .ToListAsync(cancellationToken))
                .ToLookup(c => c.Date);

            var awsRows = await db.AwsAnomalies.AsNoTracking()
                .Where(a => a.StartDate < evaluate.End && (a.EndDate == null || a.EndDate >= evaluate.Start))
                .ToListAsync(cancellationToken);
            var findings = awsRows.Select(AwsFindings.From).ToList();

            foreach (var flag in flags)
            {
                computed.Add(Explain(flag, cells, findings, settings));
            }
        }

        await snapshot.CommitAsync(cancellationToken);
        return new Computation(evaluate, watched.Count, computed);
    }

    private static ComputedFlag Explain(AnomalyFlag flag, ILookup<DateOnly, DayCell> cells, IReadOnlyList<AwsFinding> findings, AnomalySettings settings)
    {
        var matches = Matcher(flag.Series);
        var actual = cells[flag.Date].Where(matches).ToList();
        var baseline = flag.Baseline.Days.SelectMany(d => cells[d]).Where(matches).ToList();
        if (actual.Sum(c => c.Cost) != flag.Actual)
        {
            // Both reads share one snapshot, so this would be a bug in the grouping, not a race.
            throw new InvalidOperationException($"The cells of {flag.Series} on {flag.Date:yyyy-MM-dd} total {actual.Sum(c => c.Cost)}, not the day's {flag.Actual}.");
        }

        var explanation = AnomalyExplainer.Explain(flag.Expected, actual.Select(ToUsageCell).ToList(), baseline.Select(ToUsageCell).ToList(), settings.TopUsageTypes);
        var team = flag.Series.Dimension switch
        {
            AnomalyDimension.Team => flag.Series.Key,
            // A feature belongs to the team that carries most of its spend over the day and its baseline days.
            AnomalyDimension.Feature => actual.Concat(baseline).GroupBy(c => c.Team, StringComparer.Ordinal)
                .Select(g => (Team: g.Key, Cost: g.Sum(c => c.Cost)))
                .OrderByDescending(t => t.Cost).ThenBy(t => t.Team, StringComparer.Ordinal)
                .Select(t => t.Team).FirstOrDefault(),
            _ => null,
        };
        var aws = AwsAnomalyMatching.Match(flag.Series, flag.Date, explanation.TopUsageTypes.Select(t => t.UsageType).ToList(), findings);
        return new ComputedFlag(flag, explanation, team, aws?.AnomalyId);
    }

    private static Func<DayCell, bool> Matcher(SeriesKey series) => series.Dimension switch
    {
        AnomalyDimension.Total => _ => true,
        AnomalyDimension.Model => c => c.Model == series.Key,
        AnomalyDimension.Team => c => c.Team == series.Key,
        AnomalyDimension.Feature => c => c.Feature == series.Key,
        AnomalyDimension.PricingMode => c => c.PricingMode == series.Key,
        _ => throw new ArgumentOutOfRangeException(nameof(series)),
    };

    private static UsageCostCell ToUsageCell(DayCell c) =>
        new(c.UsageType, new CostCell(c.Model, c.PricingMode, c.Direction, c.CacheTtl, c.CrossRegion, c.Unit, c.Quantity, c.Cost));

    /// <summary>The total and one series per model, team, feature and pricing mode, from the day × key sums.</summary>
    private static List<DailySeries> BuildSeries(IReadOnlyList<DaySum> sums, DateWindow data)
    {
        var result = new List<DailySeries>
        {
            new(SeriesKey.Total, sums.GroupBy(s => s.Date).ToDictionary(g => g.Key, g => g.Sum(s => s.Cost)), data),
        };
        foreach (var (dimension, key) in new (AnomalyDimension, Func<DaySum, string>)[]
                 {
                     (AnomalyDimension.Model, s => s.Model),
                     (AnomalyDimension.Team, s => s.Team),
                     (AnomalyDimension.Feature, s => s.Feature),
                     (AnomalyDimension.PricingMode, s => s.PricingMode),
                 })
        {
            result.AddRange(sums.GroupBy(key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new DailySeries(
                    new SeriesKey(dimension, g.Key),
                    g.GroupBy(s => s.Date).ToDictionary(d => d.Key, d => d.Sum(s => s.Cost)),
                    data)));
        }

        return result;
    }

    private async Task<(int Inserted, int Updated, int Removed, int Retired)> SaveAsync(Computation computation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var start = computation.Evaluate.Start;
        var end = computation.Evaluate.End;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // IMMEDIATE: the stored rows are re-read under the write lock, so a status set meanwhile is merged, never overwritten.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var existing = await db.Anomalies.Where(a => a.Date >= start && a.Date < end).ToListAsync(cancellationToken);
        var byKey = existing.ToDictionary(a => (a.Date, a.Dimension, a.Key));
        int inserted = 0, updated = 0, removed = 0, retired = 0;
        var seen = new HashSet<long>();

        foreach (var c in computation.Flags)
        {
            var flag = c.Flag;
            var key = (flag.Date, flag.Series.Dimension.Slug(), flag.Series.Key);
            if (byKey.TryGetValue(key, out var row))
            {
                seen.Add(row.Id);
                updated++;
            }
            else
            {
                row = new SpendAnomaly
                {
                    Date = flag.Date, Dimension = key.Item2, Key = flag.Series.Key, Severity = "", TopUsageTypesJson = "[]",
                    Status = AnomalyStatus.New.Slug(), FirstDetectedAt = now,
                };
                db.Anomalies.Add(row);
                inserted++;
            }

            var effects = c.Explanation.Effects;
            row.Team = c.Team;
            row.ActualUsd = flag.Actual;
            row.ExpectedUsd = flag.Expected;
            row.SpreadUsd = Math.Round(flag.Baseline.Spread, 9);
            row.Z = Math.Round((double)flag.Z, 4);
            row.Severity = flag.Severity.Slug();
            row.VolumeUsd = effects.Volume;
            row.UnitPriceUsd = effects.UnitPrice;
            row.MixUsd = effects.ModelMix;
            row.CacheUsd = effects.Cache;
            row.ModeUsd = effects.PricingMode;
            row.TopUsageTypesJson = JsonSerializer.Serialize(c.Explanation.TopUsageTypes.Select(t => new StoredUsageType(t.UsageType, t.Actual, t.Expected)), Json);
            row.AwsAnomalyId = c.AwsAnomalyId;
            row.IsCurrent = true;
            row.LastDetectedAt = now;
        }

        foreach (var gone in existing.Where(a => !seen.Contains(a.Id)))
        {
            if (gone.IsUnreviewed)
            {
                db.Anomalies.Remove(gone);
                removed++;
            }
            else if (gone.IsCurrent)
            {
                gone.IsCurrent = false;
                retired++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (inserted, updated, removed, retired);
    }

    private sealed record DaySum(DateOnly Date, string Model, string Team, string Feature, string PricingMode, decimal Cost);

    private sealed record DayCell(
        DateOnly Date, string Model, string Team, string Feature, string PricingMode, string Direction, string? CacheTtl, string CrossRegion, string Unit,
        string UsageType, decimal Quantity, decimal Cost);
}

/// <summary>A top usage type as stored in anomalies.TopUsageTypesJson.</summary>
public sealed record StoredUsageType(string UsageType, decimal ActualUsd, decimal ExpectedUsd);
