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
/// Spend queries over cost facts, aggregated in SQLite (money sums exactly: ADR-006). Every page, export, API and CLI
/// report reads through here, and every method takes the caller's <see cref="AccessScope"/>: team scoping is part of
/// the SQL, so a manager's request can never return another team's rows. All amounts are unblended cost.
/// </summary>
public sealed class SpendReports(IDbContextFactory<FinOpsDbContext> dbFactory)
{
    public async Task<decimal> TotalAsync(SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Facts(db, filter, scope).SumAsync(f => f.UnblendedCost, cancellationToken);
    }

    public async Task<IReadOnlyList<KeyCost>> ByAsync(SpendDimension dimension, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Facts(db, filter, scope)
            .GroupBy(KeyOf(dimension))
            .Select(g => new { g.Key, Cost = g.Sum(f => f.UnblendedCost) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new KeyCost(r.Key, r.Cost)).OrderByDescending(r => r.Cost).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Grouped by one or two dimensions (the explorer's table), largest first.</summary>
    public async Task<IReadOnlyList<PairCost>> ByPairAsync(SpendDimension first, SpendDimension? second, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Facts(db, filter, scope)
            .GroupBy(PairOf(first, second))
            // Cost only: quantities mix units across keys, and leaving them out lets SQLite answer from the covering index.
            .Select(g => new { g.Key.A, g.Key.B, Cost = g.Sum(f => f.UnblendedCost) })
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
        var rows = await Facts(db, filter, scope)
            .GroupBy(DatedPairOf(first, second))
            .Select(g => new { g.Key.Date, g.Key.A, g.Key.B, Cost = g.Sum(f => f.UnblendedCost) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new DailyPairCost(r.Date, r.A, r.B, r.Cost))
            .OrderBy(r => r.Date).ThenBy(r => r.First, StringComparer.Ordinal).ThenBy(r => r.Second, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Spend split the way prices are set (model × mode × route × direction × unit), optionally per key of
    /// <paramref name="by"/>: the input of the change decomposition and of unit economics.
    /// </summary>
    public async Task<IReadOnlyList<KeyedCostCell>> CellsAsync(SpendDimension? by, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = Facts(db, filter, scope);
        var key = by is { } dimension ? KeyOf(dimension) : f => "";
        var keyed = facts.Select(Combine(key));
        var rows = await keyed
            .GroupBy(k => new { k.Key, k.Fact.Model, k.Fact.PricingMode, k.Fact.TokenDirection, k.Fact.CacheTtl, k.Fact.CrossRegion, k.Fact.Unit })
            .Select(g => new
            {
                g.Key.Key, g.Key.Model, g.Key.PricingMode, g.Key.TokenDirection, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit,
                Quantity = g.Sum(k => k.Fact.Quantity),
                Cost = g.Sum(k => k.Fact.UnblendedCost),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new KeyedCostCell(r.Key, r.Model, r.PricingMode, r.TokenDirection, r.CacheTtl, r.CrossRegion, r.Unit, r.Quantity, r.Cost)).ToList();
    }

    /// <summary>
    /// The same cells keyed by each of <paramref name="dimensions"/>, from one SQL pass (grouped by all of them, then
    /// re-keyed in memory): pages that split one window several ways pay for one scan instead of one per dimension.
    /// </summary>
    public async Task<IReadOnlyDictionary<SpendDimension, IReadOnlyList<KeyedCostCell>>> CellsByEachAsync(
        IReadOnlyCollection<SpendDimension> dimensions, SpendFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Facts(db, filter, scope)
            .GroupBy(f => new { f.Model, f.Team, f.Feature, f.PricingMode, f.AccountId, f.TokenDirection, f.CacheTtl, f.CrossRegion, f.Unit })
            .Select(g => new
            {
                g.Key.Model, g.Key.Team, g.Key.Feature, g.Key.PricingMode, g.Key.AccountId, g.Key.TokenDirection, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit,
                Quantity = g.Sum(f => f.Quantity),
                Cost = g.Sum(f => f.UnblendedCost),
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
                .Select(g => new KeyedCostCell(g.Key.Key, g.Key.Model, g.Key.PricingMode, g.Key.TokenDirection, g.Key.CacheTtl, g.Key.CrossRegion, g.Key.Unit,
                    g.Sum(r => r.Quantity), g.Sum(r => r.Cost)))
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
        var values = await Facts(db, new SpendFilter(window), scope).Select(KeyOf(dimension)).Distinct().ToListAsync(cancellationToken);
        return values.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every team with stored spend (for admin pickers), unattributed excluded.</summary>
    public async Task<IReadOnlyList<string>> AllTeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.CostFacts.AsNoTracking().Select(f => f.Team).Distinct().ToListAsync(cancellationToken);
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

    /// <summary>The filter and the caller's scope, as SQL: the one place spend rows are selected.</summary>
    internal static IQueryable<CostFact> Facts(FinOpsDbContext db, SpendFilter filter, AccessScope scope)
    {
        var start = filter.Window.Start;
        var end = filter.Window.End;
        var facts = db.CostFacts.AsNoTracking().Where(f => f.Date >= start && f.Date < end);
        if (filter.Accounts is { } accounts)
        {
            facts = facts.Where(f => accounts.Contains(f.AccountId));
        }

        if (filter.Models is { } models)
        {
            facts = facts.Where(f => models.Contains(f.Model));
        }

        if (scope.Restrict(filter.Teams) is { } teams)
        {
            facts = facts.Where(f => teams.Contains(f.Team));
        }

        if (filter.Features is { } features)
        {
            facts = facts.Where(f => features.Contains(f.Feature));
        }

        if (filter.PricingModes is { } modes)
        {
            facts = facts.Where(f => modes.Contains(f.PricingMode));
        }

        return facts;
    }

    internal static Expression<Func<CostFact, string>> KeyOf(SpendDimension dimension) => dimension switch
    {
        SpendDimension.Model => f => f.Model,
        SpendDimension.Team => f => f.Team,
        SpendDimension.Feature => f => f.Feature,
        SpendDimension.PricingMode => f => f.PricingMode,
        SpendDimension.Account => f => f.AccountId,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    private static Expression<Func<CostFact, KeyPair>> PairOf(SpendDimension first, SpendDimension? second)
    {
        var fact = Expression.Parameter(typeof(CostFact), "f");
        return Expression.Lambda<Func<CostFact, KeyPair>>(
            Expression.MemberInit(
                Expression.New(typeof(KeyPair)),
                Expression.Bind(typeof(KeyPair).GetProperty(nameof(KeyPair.A))!, Body(first, fact)),
                Expression.Bind(typeof(KeyPair).GetProperty(nameof(KeyPair.B))!, second is { } s ? Body(s, fact) : Expression.Constant(""))),
            fact);
    }

    private static Expression<Func<CostFact, DatedKeyPair>> DatedPairOf(SpendDimension first, SpendDimension? second)
    {
        var fact = Expression.Parameter(typeof(CostFact), "f");
        return Expression.Lambda<Func<CostFact, DatedKeyPair>>(
            Expression.MemberInit(
                Expression.New(typeof(DatedKeyPair)),
                Expression.Bind(typeof(DatedKeyPair).GetProperty(nameof(DatedKeyPair.Date))!, Expression.Property(fact, nameof(CostFact.Date))),
                Expression.Bind(typeof(DatedKeyPair).GetProperty(nameof(DatedKeyPair.A))!, Body(first, fact)),
                Expression.Bind(typeof(DatedKeyPair).GetProperty(nameof(DatedKeyPair.B))!, second is { } s ? Body(s, fact) : Expression.Constant(""))),
            fact);
    }

    private static Expression<Func<CostFact, KeyedFact>> Combine(Expression<Func<CostFact, string>> key)
    {
        var fact = key.Parameters[0];
        return Expression.Lambda<Func<CostFact, KeyedFact>>(
            Expression.MemberInit(
                Expression.New(typeof(KeyedFact)),
                Expression.Bind(typeof(KeyedFact).GetProperty(nameof(KeyedFact.Key))!, key.Body),
                Expression.Bind(typeof(KeyedFact).GetProperty(nameof(KeyedFact.Fact))!, fact)),
            fact);
    }

    private static Expression Body(SpendDimension dimension, ParameterExpression fact)
    {
        var key = KeyOf(dimension);
        return new ReplaceParameter(key.Parameters[0], fact).Visit(key.Body);
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    // Group keys built from expressions: EF translates member-init keys like anonymous ones.
    private sealed class KeyPair
    {
        public string A { get; init; } = "";
        public string B { get; init; } = "";
    }

    private sealed class DatedKeyPair
    {
        public DateOnly Date { get; init; }
        public string A { get; init; } = "";
        public string B { get; init; } = "";
    }

    private sealed class KeyedFact
    {
        public string Key { get; init; } = "";
        public CostFact Fact { get; init; } = null!;
    }
}

/// <summary>Spend of one pricing cell (model × mode × route × direction × TTL × unit) for one key of a dimension.</summary>
public sealed record KeyedCostCell(string Key, string Model, string PricingMode, string Direction, string? CacheTtl, string CrossRegion, string Unit, decimal Quantity, decimal Cost);
