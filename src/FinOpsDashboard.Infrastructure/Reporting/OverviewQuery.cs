using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Ingestion;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>Everything the overview page shows, computed from stored facts for one "last complete day".</summary>
public sealed record OverviewSnapshot(
    DateOnly LastDay,
    PeriodComparison MonthToDate,
    PeriodComparison Trailing30Days,
    decimal MonthRunRate,
    decimal AttributedShare,
    IReadOnlyList<string> ChartModels,
    IReadOnlyList<DailyKeyCost> DailyByModel,
    DateWindow ChartWindow,
    IReadOnlyList<KeyCost> ByPricingMode,
    IReadOnlyList<KeyCost> TopTeams,
    IReadOnlyList<KeyCost> TopFeatures,
    DataFreshness Freshness)
{
    public bool HasData => Trailing30Days.CurrentCost != 0 || Trailing30Days.PreviousCost != 0;
}

public sealed class OverviewQuery(SpendReports reports, IngestionSourceProvider sources, TimeProvider clock)
{
    public const int ChartDays = 60;
    public const int ChartModelCount = 7;

    /// <summary>The overview as <paramref name="scope"/> may see it: a manager's figures cover only their teams.</summary>
    public async Task<OverviewSnapshot> GetAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        var lastDay = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
        var (mtd, mtdPrevious) = ReportingWindows.MonthToDate(lastDay);
        var (t30, t30Previous) = ReportingWindows.Trailing(lastDay, 30);
        var chartWindow = DateWindow.Trailing(lastDay, ChartDays);

        var monthToDate = new PeriodComparison(mtd, await reports.TotalAsync(new SpendFilter(mtd), scope, cancellationToken), mtdPrevious, await reports.TotalAsync(new SpendFilter(mtdPrevious), scope, cancellationToken));
        var trailing = new PeriodComparison(t30, await reports.TotalAsync(new SpendFilter(t30), scope, cancellationToken), t30Previous, await reports.TotalAsync(new SpendFilter(t30Previous), scope, cancellationToken));
        var byTeam = await reports.ByAsync(SpendDimension.Team, new SpendFilter(t30), scope, cancellationToken);
        var byFeature = await reports.ByAsync(SpendDimension.Feature, new SpendFilter(t30), scope, cancellationToken);
        var byMode = await reports.ByAsync(SpendDimension.PricingMode, new SpendFilter(t30), scope, cancellationToken);
        var daily = await reports.DailyByAsync(SpendDimension.Model, new SpendFilter(chartWindow), scope, cancellationToken);

        // The chart stacks the largest models; the rest share one "Other" band so each day's column still totals right.
        var (chartModels, chartDaily) = Ranking.DailyTopWithOther(daily, ChartModelCount);

        var unattributed = byTeam.Where(t => t.Key == Attribution.Unattributed).Sum(t => t.Cost);
        var attributedShare = trailing.CurrentCost == 0 ? 0 : (trailing.CurrentCost - unattributed) / trailing.CurrentCost;

        return new OverviewSnapshot(
            lastDay,
            monthToDate,
            trailing,
            ReportingWindows.MonthRunRate(monthToDate.CurrentCost, mtd, lastDay),
            attributedShare,
            chartModels,
            chartDaily,
            chartWindow,
            byMode,
            Ranking.TopWithOther(byTeam, 8),
            Ranking.TopWithOther(byFeature, 8),
            await reports.FreshnessAsync(sources.IsDemoMode, cancellationToken));
    }
}
