using System.Text.Json;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>What the movers of a week are compared with.</summary>
public enum ReviewBaseline
{
    /// <summary>The week before.</summary>
    LastWeek,

    /// <summary>The average week of the four weeks before (their cells scaled by 0.25).</summary>
    FourWeekAverage,
}

/// <summary>A week's spend against a baseline week.</summary>
public sealed record WeekComparison(decimal Current, decimal Baseline)
{
    /// <summary>Current − baseline: 1,200 vs 1,000 → +200.</summary>
    public decimal Change => Current - Baseline;

    /// <summary>Change over baseline: 1,200 vs 1,000 → 0.20; null when the baseline had no spend.</summary>
    public decimal? ChangeRatio => Baseline == 0 ? null : Change / Baseline;
}

/// <summary>
/// One key's change (a model, a team...), cent-rounded: <see cref="ChangeEffects.Rounded"/> makes the five effects add
/// up exactly to <see cref="Change"/>, so a row on the page or in the CSV always sums.
/// </summary>
public sealed record ReviewMover(string Key, ChangeEffects Effects)
{
    public decimal Baseline => Effects.Baseline;
    public decimal Current => Effects.Current;
    public decimal Change => Effects.Change;

    /// <summary>The change in words from its largest effects: "volume +$1,204; model mix −$310".</summary>
    public string Reason => MoverReason.Describe(Effects);
}

/// <summary>The top movers of one dimension against one baseline; <see cref="ChangedKeys"/> counts every key that moved.</summary>
public sealed record ReviewMovers(SpendDimension Dimension, ReviewBaseline Against, IReadOnlyList<ReviewMover> Rows, int ChangedKeys);

/// <summary>A root cause as AWS Cost Anomaly Detection reported it; <see cref="Contribution"/> in USD.</summary>
public sealed record ReviewRootCause(string? Service, string? Region, string? Account, string? UsageType, decimal? Contribution);

/// <summary>An AWS Cost Anomaly Detection anomaly that overlaps the reviewed week (an open one has no end date).</summary>
public sealed record ReviewAnomaly(
    string AnomalyId,
    DateOnly StartDate,
    DateOnly? EndDate,
    string? DimensionValue,
    decimal TotalImpact,
    decimal TotalActualSpend,
    decimal TotalExpectedSpend,
    double MaxScore,
    string? Feedback,
    IReadOnlyList<ReviewRootCause> RootCauses);

/// <summary>One day's unblended cost.</summary>
public sealed record ReviewDay(DateOnly Date, decimal Cost);

/// <summary>The FinOps lead's weekly review of one ISO week, organisation-wide. All amounts are unblended cost in USD.</summary>
public sealed record WeeklyReviewReport(
    IsoWeek Week,
    IsoWeek LastCompleteWeek,
    decimal ThisWeek,
    decimal LastWeek,
    decimal FourWeekTotal,
    decimal Unattributed,
    IReadOnlyList<ReviewDay> Daily,
    IReadOnlyList<ReviewMovers> Movers,
    IReadOnlyList<ReviewAnomaly> Anomalies,
    int EstimatedDays)
{
    /// <summary>The four weeks before ÷ 4: 4,000 over weeks W−4..W−1 → 1,000 a week.</summary>
    public decimal FourWeekAverage => FourWeekTotal / WeeklyReviewQuery.BaselineWeeks;

    public WeekComparison VsLastWeek => new(ThisWeek, LastWeek);

    public WeekComparison VsFourWeekAverage => new(ThisWeek, FourWeekAverage);

    /// <summary>(week − unattributed) ÷ week: 1,000 with 40 unattributed → 0.96; null for a week without spend.</summary>
    public decimal? AttributedShare => ThisWeek == 0 ? null : (ThisWeek - Unattributed) / ThisWeek;

    /// <summary>The four baseline weeks and the reviewed week: the chart's 35 days.</summary>
    public DateWindow ChartWindow => new(Week.WeeksBefore(WeeklyReviewQuery.BaselineWeeks).Start, Week.Window.End);

    public bool HasData => ThisWeek != 0 || FourWeekTotal != 0;

    /// <summary>Later complete weeks exist (the "next week" button).</summary>
    public bool HasNextWeek => Week.Monday < LastCompleteWeek.Monday;

    public ReviewMovers MoversOf(SpendDimension dimension, ReviewBaseline against) =>
        Movers.Single(m => m.Dimension == dimension && m.Against == against);
}

/// <summary>
/// The weekly review: the last complete ISO week (or a chosen one) against the week before and the average of the four
/// weeks before it, with the top movers per model, team, feature and pricing mode split by
/// <see cref="ChangeDecomposition"/>, and the AWS anomalies of the week.
/// </summary>
public sealed class WeeklyReviewQuery(SpendReports reports, IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    private readonly KeptUntilNextWrite<(DateOnly Monday, DateOnly LastComplete, string Scope), WeeklyReviewReport> _kept = new(dbFactory);

    public const int BaselineWeeks = 4;
    public const int MoverCount = 8;

    /// <summary>The dimensions the review ranks movers by, in page order.</summary>
    public static IReadOnlyList<SpendDimension> Dimensions { get; } =
        [SpendDimension.Model, SpendDimension.Team, SpendDimension.Feature, SpendDimension.PricingMode];

    /// <summary>The latest week that has ended (UTC): on Monday 2026-11-23 that is 11-16..11-22.</summary>
    public IsoWeek LastCompleteWeek() => IsoWeek.LastCompleteBefore(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>Why a requested week cannot be reviewed ("2026-11-18 is a Wednesday..."), or null when it can.</summary>
    public string? WeekProblem(DateOnly monday)
    {
        if (monday.DayOfWeek != DayOfWeek.Monday)
        {
            return $"week must be the Monday that starts an ISO week: {monday:yyyy-MM-dd} is a {monday.DayOfWeek} (its week starts {IsoWeek.Containing(monday).Monday:yyyy-MM-dd}).";
        }

        var last = LastCompleteWeek();
        return monday > last.Monday
            ? $"the week of {monday:yyyy-MM-dd} has not ended yet; the last complete week starts {last.Monday:yyyy-MM-dd}."
            : null;
    }

    /// <summary>
    /// The review of the week starting <paramref name="monday"/> (default: the last complete week). The review is
    /// organisation-wide, so callers pass <see cref="AccessScope.Everything"/>; the scope still filters every query.
    /// </summary>
    public Task<WeeklyReviewReport> GetAsync(DateOnly? monday, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var lastComplete = LastCompleteWeek();
        var week = monday is { } m ? new IsoWeek(m) : lastComplete;
        if (week.Monday > lastComplete.Monday)
        {
            throw new ArgumentOutOfRangeException(nameof(monday), WeekProblem(week.Monday));
        }

        // A past week's review only changes when something writes: kept until then, per week, scope and last complete
        // week (the report says whether a later week exists).
        return _kept.GetAsync((week.Monday, lastComplete.Monday, scope.ToString()), token => ComputeAsync(week, lastComplete, scope, token), cancellationToken);
    }

    private async Task<WeeklyReviewReport> ComputeAsync(IsoWeek week, IsoWeek lastComplete, AccessScope scope, CancellationToken cancellationToken)
    {

        var current = new SpendFilter(week.Window);
        var previous = new SpendFilter(week.Previous.Window);
        var baseline = new SpendFilter(week.WeeksBefore(BaselineWeeks));

        var movers = new List<ReviewMovers>();
        decimal thisWeek = 0, lastWeek = 0, fourWeeks = 0, unattributed = 0;
        // One scan per period, re-keyed per dimension (three queries rather than twelve).
        var currentByDimension = await reports.CellsByEachAsync(Dimensions.ToList(), current, scope, cancellationToken);
        var previousByDimension = await reports.CellsByEachAsync(Dimensions.ToList(), previous, scope, cancellationToken);
        var baselineByDimension = await reports.CellsByEachAsync(Dimensions.ToList(), baseline, scope, cancellationToken);
        foreach (var dimension in Dimensions)
        {
            var currentCells = currentByDimension[dimension];
            var previousCells = previousByDimension[dimension];
            var baselineCells = baselineByDimension[dimension];
            if (dimension == SpendDimension.Model)
            {
                thisWeek = currentCells.Sum(c => c.Cost);
                lastWeek = previousCells.Sum(c => c.Cost);
                fourWeeks = baselineCells.Sum(c => c.Cost);
            }

            if (dimension == SpendDimension.Team)
            {
                unattributed = currentCells.Where(c => c.Key == Attribution.Unattributed).Sum(c => c.Cost);
            }

            movers.Add(Rank(dimension, ReviewBaseline.LastWeek, previousCells, 1m, currentCells));
            movers.Add(Rank(dimension, ReviewBaseline.FourWeekAverage, baselineCells, 1m / BaselineWeeks, currentCells));
        }

        var chart = new DateWindow(week.WeeksBefore(BaselineWeeks).Start, week.Window.End);
        var daily = (await reports.DailyByAsync(SpendDimension.PricingMode, new SpendFilter(chart), scope, cancellationToken))
            .GroupBy(d => d.Date)
            .Select(g => new ReviewDay(g.Key, g.Sum(d => d.Cost)))
            .ToList();

        var (anomalies, estimatedDays) = await AnomaliesAndEstimatesAsync(week, cancellationToken);
        return new WeeklyReviewReport(week, lastComplete, thisWeek, lastWeek, fourWeeks, unattributed, daily, movers, anomalies, estimatedDays);
    }

    /// <summary>
    /// Every key's change decomposed and rounded, largest absolute change first (ties by key), keys with no change left
    /// out. A key present in one period only is measured against nothing: all of a new key's spend shows as volume.
    /// </summary>
    private static ReviewMovers Rank(
        SpendDimension dimension, ReviewBaseline against, IReadOnlyList<KeyedCostCell> baseline, decimal baselineScale, IReadOnlyList<KeyedCostCell> current)
    {
        var before = baseline.ToLookup(c => c.Key, StringComparer.Ordinal);
        var after = current.ToLookup(c => c.Key, StringComparer.Ordinal);
        var changed = before.Select(g => g.Key).Union(after.Select(g => g.Key), StringComparer.Ordinal)
            .Select(key => new ReviewMover(key, ChangeDecomposition.Decompose(before[key].Select(ToCell), after[key].Select(ToCell), baselineScale).Rounded()))
            .Where(m => m.Change != 0)
            .OrderByDescending(m => Math.Abs(m.Change))
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        return new ReviewMovers(dimension, against, changed.Take(MoverCount).ToList(), changed.Count);
    }

    private static CostCell ToCell(KeyedCostCell c) => new(c.Model, c.PricingMode, c.Direction, c.CacheTtl, c.CrossRegion, c.Unit, c.Quantity, c.Cost);

    private async Task<(IReadOnlyList<ReviewAnomaly> Anomalies, int EstimatedDays)> AnomaliesAndEstimatesAsync(IsoWeek week, CancellationToken cancellationToken)
    {
        var start = week.Window.Start;
        var end = week.Window.End;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // AWS's end date is the anomaly's last day; an open anomaly has none and overlaps every week from its start.
        var rows = await db.AwsAnomalies.AsNoTracking()
            .Where(a => a.StartDate < end && (a.EndDate == null || a.EndDate >= start))
            .ToListAsync(cancellationToken);
        var anomalies = rows
            .OrderByDescending(a => a.TotalImpact).ThenBy(a => a.StartDate).ThenBy(a => a.AnomalyId, StringComparer.Ordinal)
            .Select(a => new ReviewAnomaly(
                a.AnomalyId, a.StartDate, a.EndDate, a.DimensionValue, a.TotalImpact, a.TotalActualSpend, a.TotalExpectedSpend, a.MaxScore, a.Feedback,
                RootCauses(a.RootCausesJson)))
            .ToList();

        var estimatedDays = await db.IngestedDays.AsNoTracking()
            .Where(d => d.IsEstimated && d.Date >= start && d.Date < end)
            .Select(d => d.Date)
            .Distinct()
            .CountAsync(cancellationToken);
        return (anomalies, estimatedDays);
    }

    /// <summary>The stored GetAnomalies root causes; a row that does not parse shows none rather than failing the review.</summary>
    private static List<ReviewRootCause> RootCauses(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<List<RootCause>>(json) ?? [])
                .Select(r => new ReviewRootCause(
                    r.Service,
                    r.Region,
                    r.LinkedAccountName is { Length: > 0 } name ? $"{name} ({r.LinkedAccount})" : r.LinkedAccount,
                    r.UsageType,
                    r.Impact is { } impact && double.IsFinite(impact.Contribution) ? Math.Round((decimal)impact.Contribution, 2) : null))
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>A mover's change in words, for a reader who will not study five columns.</summary>
public static class MoverReason
{
    // A second effect is named only when it is at least this share of the largest: "+$1,204 volume; +$3 cache" is noise.
    private const decimal SecondEffectShare = 0.1m;

    /// <summary>
    /// The largest effect, and the second largest when it is at least a tenth of it, both to the largest one's precision; a
    /// key new this week (or gone) says so. Volume +1,204, model mix −310, cache +2 → "volume +$1,204; model mix −$310".
    /// </summary>
    public static string Describe(ChangeEffects effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        var named = new (string Name, decimal Amount)[]
            {
                ("volume", effects.Volume), ("unit price", effects.UnitPrice), ("model mix", effects.ModelMix), ("cache", effects.Cache), ("pricing mode", effects.PricingMode),
            }
            .Where(e => e.Amount != 0)
            .OrderByDescending(e => Math.Abs(e.Amount))
            .ToList();
        if (named.Count == 0)
        {
            return "no change";
        }

        var largest = Math.Abs(named[0].Amount);
        var decimals = WholeDollarsFrom(largest) ? 0 : 2;
        var shown = named.Take(2).Where(e => Math.Abs(e.Amount) >= SecondEffectShare * largest);
        var text = string.Join("; ", shown.Select(e => $"{e.Name} {Signed(e.Amount, decimals)}"));
        return effects.Baseline == 0 ? $"new: {text}" : effects.Current == 0 ? $"stopped: {text}" : text;
    }

    /// <summary>+1204.4 → "+$1,204"; −3.5 → "−$3.50": whole dollars from $100, cents below (or as asked).</summary>
    public static string Signed(decimal amount, int? decimals = null) =>
        (amount < 0 ? "−" : "+") + Money.Usd(Math.Abs(amount), decimals ?? (WholeDollarsFrom(Math.Abs(amount)) ? 0 : 2));

    private static bool WholeDollarsFrom(decimal magnitude) => magnitude >= 100;
}
