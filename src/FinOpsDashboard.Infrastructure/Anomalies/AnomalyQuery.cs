using System.Text.Json;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Anomalies;

/// <summary>Who found an anomaly: our detector, or AWS Cost Anomaly Detection.</summary>
public enum AnomalySource
{
    Ours,
    Aws,
}

/// <summary>What the anomaly list shows; null filters mean "any". <see cref="Window"/> is half-open like every window.</summary>
public sealed record AnomalyListFilter(DateWindow Window)
{
    public AnomalyDimension? Dimension { get; init; }
    public AnomalySeverity? Severity { get; init; }
    public AnomalyStatus? Status { get; init; }
    public AnomalySource? Source { get; init; }
}

/// <summary>
/// One row of the list: ours (with <see cref="Id"/>, z, effects, status) or AWS's (with <see cref="AwsAnomalyId"/>, AWS's
/// expected spend, no effects). For an AWS row, <see cref="MatchedIds"/> are our flags that saw the same thing; for ours,
/// <see cref="AwsAnomalyId"/> is the matched finding. Amounts are unblended USD.
/// </summary>
public sealed record AnomalyItem(
    AnomalySource Source,
    long? Id,
    string? AwsAnomalyId,
    DateOnly Date,
    DateOnly? EndDate,
    AnomalyDimension Dimension,
    string Key,
    string? Team,
    decimal Actual,
    decimal Expected,
    double? Z,
    AnomalySeverity Severity,
    ChangeEffects? Effects,
    IReadOnlyList<StoredUsageType> TopUsageTypes,
    AnomalyStatus? Status,
    string? Note,
    string? StatusBy,
    DateTime? StatusAt,
    bool IsCurrent,
    IReadOnlyList<long> MatchedIds,
    IReadOnlyList<AwsRootCause> RootCauses,
    string? Feedback,
    DateTime? FirstDetectedAt = null)
{
    public decimal Deviation => Actual - Expected;

    public string SourceSlug => Source == AnomalySource.Ours ? "ours" : "aws";
}

/// <summary>One day of the detail chart: the actual cost and, where the day has a baseline, the expected cost and its band.</summary>
public sealed record AnomalySeriesPoint(DateOnly Date, decimal Actual, decimal? Expected, decimal? Lower, decimal? Upper);

/// <summary>An anomaly with its series around the day, its AWS counterpart and its review history (newest first).</summary>
public sealed record AnomalyDetail(AnomalyItem Item, IReadOnlyList<AnomalySeriesPoint> Series, AnomalyItem? Aws, IReadOnlyList<SpendAnomalyEvent> History, AnomalySettings Settings);

/// <summary>How many anomalies a window holds and the largest few: the panels on the overview, showback and review pages.</summary>
public sealed record AnomalySummary(DateWindow Window, int Count, int Unreviewed, IReadOnlyList<AnomalyItem> Top);

/// <summary>
/// Reads anomalies for pages, panels and the CLI. Visibility is part of every query: organisation-wide users see every flag
/// and the AWS findings; an engineering manager sees only team flags of their teams and feature flags whose main team is
/// one of theirs (never the total, model or pricing-mode series, nor AWS's account-wide findings).
/// </summary>
public sealed class AnomalyQuery(IDbContextFactory<FinOpsDbContext> dbFactory, SpendReports reports, IOptions<AnomalySettings> options)
{
    /// <summary>Days shown before and after the flagged day in the detail chart.</summary>
    public const int ChartDaysBefore = 28;
    public const int ChartDaysAfter = 14;

    public AnomalySettings Settings => options.Value;

    public async Task<IReadOnlyList<AnomalyItem>> ListAsync(AnomalyListFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var start = filter.Window.Start;
        var end = filter.Window.End;
        var items = new List<AnomalyItem>();

        if (filter.Source is null or AnomalySource.Ours)
        {
            var ours = Visible(db.Anomalies.AsNoTracking(), scope).Where(a => a.Date >= start && a.Date < end);
            if (filter.Dimension is { } dimension)
            {
                var slug = dimension.Slug();
                ours = ours.Where(a => a.Dimension == slug);
            }

            if (filter.Severity is { } severity)
            {
                var slug = severity.Slug();
                ours = ours.Where(a => a.Severity == slug);
            }

            if (filter.Status is { } status)
            {
                var slug = status.Slug();
                ours = ours.Where(a => a.Status == slug);
            }

            items.AddRange((await ours.ToListAsync(cancellationToken)).Select(Item));
        }

        // AWS findings are account-wide: organisation-wide users only, and only when no filter excludes them.
        if (scope.AllTeams
            && (filter.Source is null or AnomalySource.Aws)
            && (filter.Dimension is null or AnomalyDimension.Total)
            && filter.Status is null)
        {
            var aws = await db.AwsAnomalies.AsNoTracking()
                .Where(a => a.StartDate < end && (a.EndDate == null || a.EndDate >= start))
                .ToListAsync(cancellationToken);
            var matched = await MatchedAsync(db, aws.Select(a => a.AnomalyId).ToList(), cancellationToken);
            items.AddRange(aws.Select(a => AwsItem(a, matched)).Where(a => filter.Severity is null || a.Severity == filter.Severity));
        }

        return items
            .OrderByDescending(i => i.Date)
            .ThenByDescending(i => Math.Abs(i.Deviation))
            .ThenBy(i => i.Dimension)
            .ThenBy(i => i.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Our anomalies in <paramref name="window"/> (optionally one team's), the count not yet reviewed, and the largest by |actual − expected|.</summary>
    public async Task<AnomalySummary> SummaryAsync(DateWindow window, AccessScope scope, string? team, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var start = window.Start;
        var end = window.End;
        var query = Visible(db.Anomalies.AsNoTracking(), scope).Where(a => a.Date >= start && a.Date < end && a.IsCurrent);
        if (team is not null)
        {
            query = query.Where(a => a.Team == team);
        }

        var rows = (await query.ToListAsync(cancellationToken)).Select(Item).ToList();
        return new AnomalySummary(
            window,
            rows.Count,
            rows.Count(r => r.Status == AnomalyStatus.New),
            rows.OrderByDescending(r => Math.Abs(r.Deviation)).ThenByDescending(r => r.Date).ThenBy(r => r.Key, StringComparer.Ordinal).Take(top).ToList());
    }

    /// <summary>One of our anomalies as <paramref name="scope"/> may see it, or null (missing and not visible look the same).</summary>
    public async Task<AnomalyDetail?> DetailAsync(long id, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await Visible(db.Anomalies.AsNoTracking(), scope).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var history = await db.AnomalyEvents.AsNoTracking().Where(e => e.AnomalyId == id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToListAsync(cancellationToken);
        AnomalyItem? aws = null;
        if (scope.AllTeams && row.AwsAnomalyId is { } awsId && await db.AwsAnomalies.AsNoTracking().FirstOrDefaultAsync(a => a.AnomalyId == awsId, cancellationToken) is { } finding)
        {
            aws = AwsItem(finding, await MatchedAsync(db, [awsId], cancellationToken));
        }

        var item = Item(row);
        return new AnomalyDetail(item, await SeriesAsync(item, scope, cancellationToken), aws, history, Settings);
    }

    /// <summary>
    /// The flag's series around its day with the expected band (expected ± ZThreshold × spread: inside it, |z| stays under the
    /// threshold), recomputed from stored facts by the same <see cref="AnomalyDetector"/> the step runs, within the caller's scope.
    /// </summary>
    private async Task<IReadOnlyList<AnomalySeriesPoint>> SeriesAsync(AnomalyItem item, AccessScope scope, CancellationToken cancellationToken)
    {
        var settings = Settings;
        var chart = new DateWindow(item.Date.AddDays(-ChartDaysBefore), item.Date.AddDays(ChartDaysAfter + 1));
        var load = new DateWindow(chart.Start.AddDays(-7 * settings.TrailingWeeks), chart.End);
        var filter = new SpendFilter(load);
        var (dimension, narrowed) = item.Dimension switch
        {
            AnomalyDimension.Model => (SpendDimension.Model, filter with { Models = [item.Key] }),
            AnomalyDimension.Team => (SpendDimension.Team, filter with { Teams = [item.Key] }),
            AnomalyDimension.Feature => (SpendDimension.Feature, filter with { Features = [item.Key] }),
            AnomalyDimension.PricingMode => (SpendDimension.PricingMode, filter with { PricingModes = [item.Key] }),
            _ => (SpendDimension.PricingMode, filter),
        };
        var daily = (await reports.DailyByAsync(dimension, narrowed, scope, cancellationToken))
            .GroupBy(d => d.Date)
            .ToDictionary(g => g.Key, g => g.Sum(d => d.Cost));
        var lastDay = daily.Count == 0 ? item.Date : daily.Keys.Max();
        var data = new DateWindow(load.Start, (lastDay > item.Date ? lastDay : item.Date).AddDays(1));
        var series = new DailySeries(new SeriesKey(item.Dimension, item.Key), daily, data);
        return chart.EachDay().Where(d => d < data.End).Select(day =>
        {
            var baseline = AnomalyDetector.BaselineFor(series, day, settings);
            var band = baseline is null ? (decimal?)null : settings.ZThreshold * baseline.Spread;
            return new AnomalySeriesPoint(day, series.CostOn(day), baseline?.Expected, baseline?.Expected - band, baseline?.Expected + band);
        }).ToList();
    }

    /// <summary>Our flags a scope may see, as SQL: everything, or a manager's teams' team and feature flags.</summary>
    internal static IQueryable<SpendAnomaly> Visible(IQueryable<SpendAnomaly> anomalies, AccessScope scope)
    {
        if (scope.AllTeams)
        {
            return anomalies;
        }

        var teams = scope.Teams.ToList();
        var team = AnomalyDimension.Team.Slug();
        var feature = AnomalyDimension.Feature.Slug();
        return anomalies.Where(a => (a.Dimension == team || a.Dimension == feature) && a.Team != null && teams.Contains(a.Team));
    }

    private static async Task<ILookup<string, long>> MatchedAsync(FinOpsDbContext db, List<string> awsIds, CancellationToken cancellationToken) =>
        (await db.Anomalies.AsNoTracking()
            .Where(a => a.AwsAnomalyId != null && awsIds.Contains(a.AwsAnomalyId))
            .Select(a => new { a.AwsAnomalyId, a.Id })
            .ToListAsync(cancellationToken))
        .ToLookup(a => a.AwsAnomalyId!, a => a.Id, StringComparer.Ordinal);

    internal static AnomalyItem Item(SpendAnomaly a) => new(
        AnomalySource.Ours,
        a.Id,
        a.AwsAnomalyId,
        a.Date,
        null,
        AnomalyNames.ParseDimension(a.Dimension),
        a.Key,
        a.Team,
        a.ActualUsd,
        a.ExpectedUsd,
        a.Z,
        AnomalyNames.ParseSeverity(a.Severity),
        new ChangeEffects(CentAllocation.ToCents(a.ExpectedUsd), CentAllocation.ToCents(a.ActualUsd), a.VolumeUsd, a.UnitPriceUsd, a.MixUsd, a.CacheUsd, a.ModeUsd),
        UsageTypes(a.TopUsageTypesJson),
        AnomalyNames.ParseStatus(a.Status),
        a.Note,
        a.StatusBy,
        a.StatusAt,
        a.IsCurrent,
        [],
        [],
        null,
        a.FirstDetectedAt);

    private AnomalyItem AwsItem(AwsAnomaly a, ILookup<string, long> matched) => new(
        AnomalySource.Aws,
        null,
        a.AnomalyId,
        a.StartDate,
        a.EndDate,
        AnomalyDimension.Total,
        a.DimensionValue ?? "AWS monitor",
        null,
        a.TotalActualSpend,
        a.TotalExpectedSpend,
        null,
        AnomalyDetector.SeverityOf(a.TotalImpact, null, Settings),
        null,
        [],
        null,
        null,
        null,
        null,
        true,
        matched[a.AnomalyId].Order().ToList(),
        AwsFindings.RootCauses(a.RootCausesJson),
        a.Feedback);

    private static IReadOnlyList<StoredUsageType> UsageTypes(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<StoredUsageType>>(json, AnomalyDetectionStep.Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
