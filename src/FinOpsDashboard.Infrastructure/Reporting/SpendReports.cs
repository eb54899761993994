using System.Linq.Expressions;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>When the data was last refreshed and how final it is.</summary>
public sealed record DataFreshness(DateTime? LastSuccessfulIngestion, DateOnly? LatestDay, int EstimatedDays, bool IsDemo);

/// <summary>Spend of a (first key, second key) pair; <see cref="Second"/> is "" when grouping by one dimension.</summary>
public sealed record PairCost(string First, string Second, decimal Cost);

/// <summary>One day of a (first key, second key) pair.</summary>
public sealed record DailyPairCost(DateOnly Date, string First, string Second, decimal Cost);

/// <summary>
/// Spend queries, aggregated in SQLite (money sums exactly: ADR-006). Every page, export, API and CLI report reads
/// through here, and every method takes the caller's <see cref="AccessScope"/>: team scoping is part of the SQL, so a
/// manager's request can never return another team's rows. All amounts are unblended cost. Sums by the spend keys
/// (account, model, team, feature, pricing mode) read the daily_spend / monthly_spend rollups; splits that need usage
/// detail (token direction, quantities) read weekly_usage and the edge days from cost_facts; the facts themselves
/// (drill-down) read cost_facts (ADR-011).
/// </summary>
public sealed class SpendReports(IDbContextFactory<FinOpsDbContext> dbFactory)
{
    private static readonly Expression<Func<DailySpend, SpendSlice>> DaySlice = d => new SpendSlice
    {
        AccountId = d.AccountId, Model = d.Model, Team = d.Team, Feature = d.Feature, PricingMode = d.PricingMode, Cost = d.UnblendedCost,
    };

    private static readonly Expression<Func<MonthlySpend, SpendSlice>> MonthSlice = m => new SpendSlice
    {
        AccountId = m.AccountId, Model = m.Model, Team = m.Team, Feature = m.Feature, PricingMode = m.PricingMode, Cost = m.UnblendedCost,
    };

    public async Task<decimal> TotalAsync(SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Spend(db, filter, scope).SumAsync(s => s.Cost, cancellationToken);
    }

    public async Task<IReadOnlyList<KeyCost>> ByAsync(SpendDimension dimension, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Spend(db, filter, scope)
            .GroupBy(KeyOf<SpendSlice>(dimension))
            .Select(g => new { g.Key, Cost = g.Sum(s => s.Cost) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new KeyCost(r.Key, r.Cost)).OrderByDescending(r => r.Cost).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Grouped by one or two dimensions (the explorer's table), largest first.</summary>
    public async Task<IReadOnlyList<PairCost>> ByPairAsync(SpendDimension first, SpendDimension? second, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Spend(db, filter, scope)
            .GroupBy(PairOf<SpendSlice>(first, second))
            .Select(g => new { g.Key.A, g.Key.B, Cost = g.Sum(s => s.Cost) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PairCost(r.A, r.B, r.Cost))
            .OrderByDescending(r => r.Cost).ThenBy(r => r.First, StringComparer.Ordinal).ThenBy(r => r.Second, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<DailyKeyCost>> DailyByAsync(SpendDimension dimension, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        var rows = await DailyByPairAsync(dimension, null, filter, scope, cancellationToken);
        return rows.Select(r => new DailyKeyCost(r.Date, r.First, r.Cost)).ToList();
    }

    public async Task<IReadOnlyList<DailyPairCost>> DailyByPairAsync(SpendDimension first, SpendDimension? second, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var days = Days(db, filter.Window, filter, scope);

        // By one dimension the key is (day, key) alone: a constant second key would make SQLite sort every row instead
        // of summing them in IX_daily_spend_Date_<dimension>'s order (a year by team: a quarter of the CPU).
        var rows = second is { } s
            ? await days.GroupBy(DatedPairOf(first, s))
                .Select(g => new { g.Key.Date, g.Key.A, g.Key.B, Cost = g.Sum(d => d.UnblendedCost) })
                .ToListAsync(cancellationToken)
            : await days.GroupBy(DatedKeyOf(first))
                .Select(g => new { g.Key.Date, g.Key.A, B = "", Cost = g.Sum(d => d.UnblendedCost) })
                .ToListAsync(cancellationToken);
        return rows.Select(r => new DailyPairCost(r.Date, r.A, r.B, r.Cost))
            .OrderBy(r => r.Date).ThenBy(r => r.First, StringComparer.Ordinal).ThenBy(r => r.Second, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The bands of a stacked daily chart by <paramref name="dimension"/>, as <see cref="Ranking.DailyTopWithOther"/>
    /// makes them from <see cref="DailyByAsync"/>: the <paramref name="count"/> keys largest over the window, and per
    /// day the rest summed into "Other". Computed in SQL, so it reads at most count + 1 rows per
    /// day instead of one per key and day (a year by feature on the large demo: 3,285 rows instead of 73,365).
    /// Other = the day's total − its top keys, from one statement; rows by day, then key (ordinal).
    /// </summary>
    public async Task<(IReadOnlyList<string> Keys, IReadOnlyList<DailyKeyCost> Daily)> DailyTopAsync(
        SpendDimension dimension, int count, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        const string Other = "Other";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var totals = await Spend(db, filter, scope)
            .GroupBy(KeyOf<SpendSlice>(dimension))
            .Select(g => new { g.Key, Cost = g.Sum(s => s.Cost) })
            .ToListAsync(cancellationToken);
        var keys = totals.OrderByDescending(t => t.Cost).ThenBy(t => t.Key, StringComparer.Ordinal).Take(count).Select(t => t.Key).ToList();

        // The top keys per day and (when there are other keys) every key per day in one statement, so one snapshot;
        // both are summed in index order.
        var bands = Days(db, filter.Window, filter.With(dimension, keys), scope)
            .GroupBy(DatedKeyOf(dimension))
            .Select(g => new DayBand { Date = g.Key.Date, Key = g.Key.A, Cost = g.Sum(d => d.UnblendedCost), Rows = g.Count(), IsTotal = false });
        if (totals.Count > count)
        {
            bands = bands.Concat(Days(db, filter.Window, filter, scope)
                .GroupBy(d => d.Date)
                .Select(g => new DayBand { Date = g.Key, Key = "", Cost = g.Sum(d => d.UnblendedCost), Rows = g.Count(), IsTotal = true }));
        }

        var daily = new Dictionary<(DateOnly Date, string Key), decimal>();
        foreach (var day in (await bands.ToListAsync(cancellationToken)).GroupBy(b => b.Date))
        {
            var top = day.Where(b => !b.IsTotal).ToList();
            foreach (var band in top)
            {
                daily[(band.Date, band.Key)] = band.Cost;
            }

            // Some other key had spend that day when the day has more rollup rows than its top keys.
            if (day.SingleOrDefault(b => b.IsTotal) is { } total && total.Rows > top.Sum(b => b.Rows))
            {
                daily[(day.Key, Other)] = daily.GetValueOrDefault((day.Key, Other)) + total.Cost - top.Sum(b => b.Cost);
            }
        }

        if (!keys.Contains(Other, StringComparer.Ordinal) && daily.Keys.Any(k => k.Key == Other))
        {
            keys.Add(Other);
        }

        return (keys, daily.Select(d => new DailyKeyCost(d.Key.Date, d.Key.Key, d.Value))
            .OrderBy(d => d.Date).ThenBy(d => d.Key, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Spend split the way prices are set (model × mode × route × direction × TTL × unit), keyed by each of
    /// <paramref name="dimensions"/>: the input of the change decomposition and of unit economics. One SQL pass grouped
    /// by all the keys, re-keyed in memory, so a page that splits one window several ways pays for one read.
    /// </summary>
    public async Task<IReadOnlyDictionary<SpendDimension, IReadOnlyList<KeyedCostCell>>> CellsByEachAsync(
        IReadOnlyCollection<SpendDimension> dimensions, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Usage(db, filter, scope)
            .GroupBy(u => new { u.Model, u.Team, u.Feature, u.PricingMode, u.AccountId, u.TokenDirection, u.CacheTtl, u.CrossRegion, u.Unit })
            .Select(g => new
            {
                g.Key.Model, g.Key.Team, g.Key.Feature, g.Key.PricingMode, g.Key.AccountId, g.Key.TokenDirection, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit,
                Quantity = g.Sum(u => u.Quantity),
                Cost = g.Sum(u => u.Cost),
            })
            .ToListAsync(cancellationToken);
        return dimensions.Distinct().ToDictionary(
            d => d,
            d => (IReadOnlyList<KeyedCostCell>)rows
                .GroupBy(r => (Key: d switch
                {
                    SpendDimension.Model => r.Model,
                    SpendDimension.Team => r.Team,
                    SpendDimension.Feature => r.Feature,
                    SpendDimension.PricingMode => r.PricingMode,
                    _ => r.AccountId,
                }, r.Model, r.PricingMode, r.TokenDirection, r.CacheTtl, r.CrossRegion, r.Unit))
                .Select(g => new KeyedCostCell(g.Key.Key, g.Key.Model, g.Key.PricingMode, g.Key.TokenDirection, g.Key.CacheTtl.Length == 0 ? null : g.Key.CacheTtl,
                    g.Key.CrossRegion, g.Key.Unit, g.Sum(r => r.Quantity), g.Sum(r => r.Cost)))
                .ToList());
    }

    /// <summary>The facts behind a figure (drill-down), largest first, at most <paramref name="take"/>; the count says how many match.</summary>
    public async Task<(IReadOnlyList<CostFact> Facts, int Count, decimal Total)> FactsAsync(SpendFilter filter, AccessScope scope, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = Facts(db, filter, scope);
        var count = await facts.CountAsync(cancellationToken);
        var total = await facts.SumAsync(f => f.UnblendedCost, cancellationToken);
        var rows = await facts.OrderByDescending(f => f.UnblendedCost).ThenBy(f => f.Id).Take(take).ToListAsync(cancellationToken);
        return (rows, count, total);
    }

    /// <summary>The values a filter can offer for <paramref name="dimension"/>: only those the caller may see.</summary>
    public async Task<IReadOnlyList<string>> ValuesAsync(SpendDimension dimension, DateWindow window, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var values = await Spend(db, new SpendFilter(window), scope).Select(KeyOf<SpendSlice>(dimension)).Distinct().ToListAsync(cancellationToken);
        return values.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every team with stored spend (for admin pickers), unattributed excluded.</summary>
    public async Task<IReadOnlyList<string>> AllTeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.MonthlySpend.AsNoTracking().Select(m => m.Team).Distinct().ToListAsync(cancellationToken);
        return teams.Where(t => t != Attribution.Unattributed).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<DataFreshness> FreshnessAsync(bool isDemo, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lastRun = await db.JobRuns
            .Where(r => r.Status == JobRunStatus.Succeeded && (r.JobName == JobNames.CostIngestion || r.JobName == JobNames.DemoSeed))
            .MaxAsync(r => r.FinishedAt, cancellationToken);
        var latestDay = await db.IngestedDays.Where(d => d.FactCount > 0).MaxAsync(d => (DateOnly?)d.Date, cancellationToken);
        var estimated = await db.IngestedDays.CountAsync(d => d.IsEstimated, cancellationToken);
        return new DataFreshness(lastRun, latestDay, estimated, isDemo);
    }

    /// <summary>The cost facts of the filter's window that the filter and the caller's scope select.</summary>
    internal static IQueryable<CostFact> Facts(FinOpsDbContext db, SpendFilter filter, AccessScope scope)
    {
        var (start, end) = (filter.Window.Start, filter.Window.End);
        return Matching(db.CostFacts.AsNoTracking().Where(f => f.Date >= start && f.Date < end), filter, scope);
    }

    /// <summary>
    /// The filter and the caller's scope, as SQL, for cost facts and both rollups alike: the one place spend rows are
    /// selected by key and the one place team scoping is applied.
    /// </summary>
    internal static IQueryable<T> Matching<T>(IQueryable<T> rows, SpendFilter filter, AccessScope scope)
        where T : class, ISpendKeys
    {
        if (filter.Accounts is { } accounts)
        {
            rows = rows.Where(r => accounts.Contains(r.AccountId));
        }

        if (filter.Models is { } models)
        {
            rows = rows.Where(r => models.Contains(r.Model));
        }

        if (scope.Restrict(filter.Teams) is { } teams)
        {
            rows = rows.Where(r => teams.Contains(r.Team));
        }

        if (filter.Features is { } features)
        {
            rows = rows.Where(r => features.Contains(r.Feature));
        }

        if (filter.PricingModes is { } modes)
        {
            rows = rows.Where(r => modes.Contains(r.PricingMode));
        }

        return rows;
    }

    /// <summary>The daily rollup rows of <paramref name="days"/> that the filter and scope select.</summary>
    private static IQueryable<DailySpend> Days(FinOpsDbContext db, DateWindow days, SpendFilter filter, AccessScope scope)
    {
        var (start, end) = (days.Start, days.End);
        return Matching(db.DailySpend.AsNoTracking().Where(d => d.Date >= start && d.Date < end), filter, scope);
    }

    /// <summary>
    /// The filter's window as rollup rows: whole calendar months from monthly_spend, the partial months at either edge
    /// from daily_spend, in one statement (UNION ALL) so a concurrent write is seen entirely or not at all.
    /// Example: [2025-11-22, 2026-11-22) = days [11-22, 12-01) + months [2025-12, 2026-11) + days [2026-11-01, 11-22).
    /// </summary>
    private static IQueryable<SpendSlice> Spend(FinOpsDbContext db, SpendFilter filter, AccessScope scope)
    {
        var window = filter.Window;
        var firstMonth = window.Start.Day == 1 ? window.Start : new DateOnly(window.Start.Year, window.Start.Month, 1).AddMonths(1);
        var afterLastMonth = new DateOnly(window.End.Year, window.End.Month, 1);
        if (firstMonth >= afterLastMonth)
        {
            return Days(db, window, filter, scope).Select(DaySlice);
        }

        var slices = Matching(db.MonthlySpend.AsNoTracking().Where(m => m.Month >= firstMonth && m.Month < afterLastMonth), filter, scope).Select(MonthSlice);
        foreach (var edge in new[] { new DateWindow(window.Start, firstMonth), new DateWindow(afterLastMonth, window.End) }.Where(e => e.Days > 0))
        {
            slices = slices.Concat(Days(db, edge, filter, scope).Select(DaySlice));
        }

        return slices;
    }

    /// <summary>
    /// The filter's window as usage rows (the spend keys plus direction, TTL, route, unit and quantity): whole ISO weeks
    /// from weekly_usage, the days before the first Monday and from the last one from cost_facts, in one statement
    /// (UNION ALL) so a concurrent write is seen entirely or not at all. A window without a whole week reads only facts.
    /// Example: [2026-08-24 (Mon), 2026-11-22 (Sun)) = weeks [08-24, 11-16) + days [11-16, 11-22).
    /// </summary>
    internal static IQueryable<UsageSlice> Usage(FinOpsDbContext db, SpendFilter filter, AccessScope scope)
    {
        var window = filter.Window;
        var startWeek = IsoWeek.Containing(window.Start).Monday;
        var firstWeek = startWeek == window.Start ? startWeek : startWeek.AddDays(7);
        var afterLastWeek = IsoWeek.Containing(window.End).Monday;
        if (firstWeek >= afterLastWeek)
        {
            return FactUsage(db, window, filter, scope);
        }

        var rows = Matching(db.WeeklyUsage.AsNoTracking().Where(w => w.Week >= firstWeek && w.Week < afterLastWeek), filter, scope)
            .Select(w => new UsageSlice
            {
                AccountId = w.AccountId, Model = w.Model, Team = w.Team, Feature = w.Feature, PricingMode = w.PricingMode,
                TokenDirection = w.TokenDirection, CacheTtl = w.CacheTtl, CrossRegion = w.CrossRegion, Unit = w.Unit, Quantity = w.Quantity, Cost = w.UnblendedCost,
            });
        foreach (var edge in new[] { new DateWindow(window.Start, firstWeek), new DateWindow(afterLastWeek, window.End) }.Where(e => e.Days > 0))
        {
            rows = rows.Concat(FactUsage(db, edge, filter, scope));
        }

        return rows;
    }

    private static IQueryable<UsageSlice> FactUsage(FinOpsDbContext db, DateWindow days, SpendFilter filter, AccessScope scope) =>
        Facts(db, filter with { Window = days }, scope).Select(f => new UsageSlice
        {
            AccountId = f.AccountId, Model = f.Model, Team = f.Team, Feature = f.Feature, PricingMode = f.PricingMode,
            TokenDirection = f.TokenDirection, CacheTtl = f.CacheTtl ?? "", CrossRegion = f.CrossRegion, Unit = f.Unit, Quantity = f.Quantity, Cost = f.UnblendedCost,
        });

    /// <summary>The column of <paramref name="dimension"/> on any spend row type (facts, rollups, slices).</summary>
    internal static Expression<Func<T, string>> KeyOf<T>(SpendDimension dimension)
    {
        var row = Expression.Parameter(typeof(T), "r");
        return Expression.Lambda<Func<T, string>>(Body(dimension, row), row);
    }

    private static Expression<Func<T, KeyPair>> PairOf<T>(SpendDimension first, SpendDimension? second)
    {
        var row = Expression.Parameter(typeof(T), "r");
        return Expression.Lambda<Func<T, KeyPair>>(
            Expression.MemberInit(
                Expression.New(typeof(KeyPair)),
                Expression.Bind(typeof(KeyPair).GetProperty(nameof(KeyPair.A))!, Body(first, row)),
                Expression.Bind(typeof(KeyPair).GetProperty(nameof(KeyPair.B))!, second is { } s ? Body(s, row) : Expression.Constant(""))),
            row);
    }

    private static Expression<Func<DailySpend, DatedKeyPair>> DatedPairOf(SpendDimension first, SpendDimension second)
    {
        var day = Expression.Parameter(typeof(DailySpend), "d");
        return Expression.Lambda<Func<DailySpend, DatedKeyPair>>(
            Expression.MemberInit(
                Expression.New(typeof(DatedKeyPair)),
                Expression.Bind(typeof(DatedKeyPair).GetProperty(nameof(DatedKeyPair.Date))!, Expression.Property(day, nameof(DailySpend.Date))),
                Expression.Bind(typeof(DatedKeyPair).GetProperty(nameof(DatedKeyPair.A))!, Body(first, day)),
                Expression.Bind(typeof(DatedKeyPair).GetProperty(nameof(DatedKeyPair.B))!, Body(second, day))),
            day);
    }

    private static Expression<Func<DailySpend, DatedKey>> DatedKeyOf(SpendDimension dimension)
    {
        var day = Expression.Parameter(typeof(DailySpend), "d");
        return Expression.Lambda<Func<DailySpend, DatedKey>>(
            Expression.MemberInit(
                Expression.New(typeof(DatedKey)),
                Expression.Bind(typeof(DatedKey).GetProperty(nameof(DatedKey.Date))!, Expression.Property(day, nameof(DailySpend.Date))),
                Expression.Bind(typeof(DatedKey).GetProperty(nameof(DatedKey.A))!, Body(dimension, day))),
            day);
    }

    private static Expression Body(SpendDimension dimension, ParameterExpression row) => Expression.Property(row, dimension switch
    {
        SpendDimension.Model => nameof(ISpendKeys.Model),
        SpendDimension.Team => nameof(ISpendKeys.Team),
        SpendDimension.Feature => nameof(ISpendKeys.Feature),
        SpendDimension.PricingMode => nameof(ISpendKeys.PricingMode),
        SpendDimension.Account => nameof(ISpendKeys.AccountId),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    });

    // Group keys built from expressions: EF translates member-init keys like anonymous ones.
    private sealed class KeyPair
    {
        public string A { get; init; } = "";
        public string B { get; init; } = "";
    }

    private sealed class DatedKey
    {
        public DateOnly Date { get; init; }
        public string A { get; init; } = "";
    }

    private sealed class DatedKeyPair
    {
        public DateOnly Date { get; init; }
        public string A { get; init; } = "";
        public string B { get; init; } = "";
    }

    /// <summary>One day's spend of one top key, or (<see cref="IsTotal"/>) of every key.</summary>
    private sealed class DayBand
    {
        public DateOnly Date { get; init; }
        public string Key { get; init; } = "";
        public decimal Cost { get; init; }
        public int Rows { get; init; }
        public bool IsTotal { get; init; }
    }

    /// <summary>A daily or monthly rollup row reduced to what the window's sums need, so the two can be concatenated.</summary>
    private sealed class SpendSlice : ISpendKeys
    {
        public string AccountId { get; init; } = "";
        public string Model { get; init; } = "";
        public string Team { get; init; } = "";
        public string Feature { get; init; } = "";
        public string PricingMode { get; init; } = "";
        public decimal Cost { get; init; }
    }
}

/// <summary>
/// A fact or weekly usage row reduced to what usage sums need, so the two can be concatenated. CacheTtl is "" for none
/// (weekly_usage's form), turned back into null by the readers.
/// </summary>
internal sealed class UsageSlice : ISpendKeys
{
    public string AccountId { get; init; } = "";
    public string Model { get; init; } = "";
    public string Team { get; init; } = "";
    public string Feature { get; init; } = "";
    public string PricingMode { get; init; } = "";
    public string TokenDirection { get; init; } = "";
    public string CacheTtl { get; init; } = "";
    public string CrossRegion { get; init; } = "";
    public string Unit { get; init; } = "";
    public decimal Quantity { get; init; }
    public decimal Cost { get; init; }
}

/// <summary>Spend of one pricing cell (model × mode × route × direction × TTL × unit) for one key of a dimension.</summary>
public sealed record KeyedCostCell(string Key, string Model, string PricingMode, string Direction, string? CacheTtl, string CrossRegion, string Unit, decimal Quantity, decimal Cost);
