using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Reporting;

/// <summary>
/// Unit economics of one key (a model or a feature) of a team over a window. Invocations are estimated: CloudWatch
/// counts them per model, not per team, so each model's count is apportioned by the key's share of its input-side tokens.
/// </summary>
public sealed record UnitCostRow(string Key, UsageTotals Totals, bool InvocationsEstimated)
{
    public decimal? CostPerThousandInvocations => UnitEconomics.CostPerThousandInvocations(Totals);
    public decimal? CostPerMillionInput => UnitEconomics.CostPerMillionInputTokens(Totals);
    public decimal? CostPerMillionOutput => UnitEconomics.CostPerMillionOutputTokens(Totals);
    public decimal? OutputToInput => UnitEconomics.OutputToInputRatio(Totals);
    public decimal? CacheHitShare => UnitEconomics.CacheHitShare(Totals);
    public decimal? InputTokensPerInvocation => UnitEconomics.InputTokensPerInvocation(Totals);
}

/// <summary>What a team's showback page shows for one window.</summary>
public sealed record ShowbackSnapshot(
    string Team,
    PeriodComparison Spend,
    IReadOnlyList<KeyCost> ByFeature,
    IReadOnlyList<KeyCost> ByModel,
    IReadOnlyList<KeyCost> ByPricingMode,
    IReadOnlyList<DailyKeyCost> DailyByFeature,
    IReadOnlyList<UnitCostRow> UnitCostsByModel,
    IReadOnlyList<UnitCostRow> UnitCostsByFeature,
    UnitCostRow TeamUnitCosts)
{
    public bool HasData => Spend.CurrentCost != 0 || Spend.PreviousCost != 0;
}

/// <summary>
/// A team's spend and unit costs. The team must be within the caller's scope: otherwise every figure is empty,
/// because the scoped spend queries return nothing for it (checked here too, so the page can say so).
/// </summary>
public sealed class ShowbackQuery(SpendReports reports, IDbContextFactory<FinOpsDbContext> dbFactory)
{
    private static readonly string[] InputSide = ["input", "cache-read", "cache-write"];

    public async Task<ShowbackSnapshot?> GetAsync(string team, DateWindow window, AccessScope scope, CancellationToken cancellationToken)
    {
        if (!scope.CanSee(team))
        {
            return null;
        }

        var filter = new SpendFilter(window) { Teams = [team] };
        var previous = filter with { Window = window.Previous() };
        // One scan of the team's window gives totals, the three splits and the unit-cost inputs.
        var cells = await reports.CellsByEachAsync([SpendDimension.Model, SpendDimension.Feature, SpendDimension.PricingMode], filter, scope, cancellationToken);
        var byModelCells = cells[SpendDimension.Model];
        var byFeatureCells = cells[SpendDimension.Feature];
        var spend = new PeriodComparison(window, byModelCells.Sum(c => c.Cost),
            previous.Window, await reports.TotalAsync(previous, scope, cancellationToken));
        var invocations = await InvocationsPerInputTokenAsync(window, cancellationToken);

        return new ShowbackSnapshot(
            team,
            spend,
            Split(byFeatureCells),
            Split(byModelCells),
            Split(cells[SpendDimension.PricingMode]),
            await reports.DailyByAsync(SpendDimension.Feature, filter, scope, cancellationToken),
            UnitCosts(byModelCells, invocations),
            UnitCosts(byFeatureCells, invocations),
            UnitCosts(byModelCells.Select(c => c with { Key = team }), invocations).SingleOrDefault()
                ?? new UnitCostRow(team, new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0), true));
    }

    /// <summary>
    /// Invocations per input-side token of each model over the window (CloudWatch Invocations ÷ the model's billed
    /// input-side tokens across all teams): a team's estimated invocations are its input-side tokens × this rate.
    /// Example: 1,000 invocations on 2M tokens → 0.0005; a team with 400K tokens → 200 invocations.
    /// </summary>
    private async Task<Dictionary<string, decimal>> InvocationsPerInputTokenAsync(DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var start = window.Start;
        var end = window.End;
        var invocations = await db.MetricDailySums.AsNoTracking()
            .Where(m => m.MetricName == "Invocations" && m.Date >= start && m.Date < end)
            .GroupBy(m => m.Model)
            .Select(g => new { Model = g.Key, Count = g.Sum(m => m.Value) })
            .ToListAsync(cancellationToken);
        var tokens = await SpendReports.Usage(db, new SpendFilter(window), AccessScope.Everything)
            .Where(u => InputSide.Contains(u.TokenDirection) && u.Unit == "tokens")
            .GroupBy(u => u.Model)
            .Select(g => new { Model = g.Key, Tokens = g.Sum(u => u.Quantity) })
            .ToListAsync(cancellationToken);
        var tokensByModel = tokens.ToDictionary(t => t.Model, t => t.Tokens, StringComparer.Ordinal);
        return invocations
            .Where(i => tokensByModel.GetValueOrDefault(i.Model) > 0)
            .ToDictionary(i => i.Model, i => (decimal)Math.Round(i.Count) / tokensByModel[i.Model], StringComparer.Ordinal);
    }

    private static List<KeyCost> Split(IEnumerable<KeyedCostCell> cells) =>
        cells.GroupBy(c => c.Key, StringComparer.Ordinal).Select(g => new KeyCost(g.Key, g.Sum(c => c.Cost)))
            .OrderByDescending(k => k.Cost).ThenBy(k => k.Key, StringComparer.Ordinal).ToList();

    private static List<UnitCostRow> UnitCosts(IEnumerable<KeyedCostCell> cells, IReadOnlyDictionary<string, decimal> invocationsPerToken) =>
        cells.GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                long Tokens(string direction) => (long)g.Where(c => c.Direction == direction && c.Unit == "tokens").Sum(c => c.Quantity);
                var invocations = g.Where(c => InputSide.Contains(c.Direction) && c.Unit == "tokens")
                    .Sum(c => c.Quantity * invocationsPerToken.GetValueOrDefault(c.Model));
                var totals = new UsageTotals(
                    (long)Math.Round(invocations, MidpointRounding.AwayFromZero),
                    Tokens("input"),
                    Tokens("output"),
                    Tokens("cache-read"),
                    Tokens("cache-write"),
                    g.Sum(c => c.Cost),
                    g.Where(c => InputSide.Contains(c.Direction)).Sum(c => c.Cost),
                    g.Where(c => c.Direction == "output").Sum(c => c.Cost));
                return new UnitCostRow(g.Key, totals, InvocationsEstimated: true);
            })
            .OrderByDescending(r => r.Totals.Cost)
            .ToList();
}
