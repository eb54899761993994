using System.Globalization;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Pricing;

namespace FinOpsDashboard.Domain.Recommendations;

/// <summary>Small pieces every detector shares: formatting, keys, charts, sibling pricing, the realised-saving baseline.</summary>
public static class DetectorMath
{
    private static readonly CultureInfo En = Money.Culture;

    public static string Usd(decimal amount) => Money.Usd(amount);

    public static string Count(decimal value) => Math.Round(value).ToString("N0", En);

    public static string Number(decimal value, int decimals = 1) => Math.Round(value, decimals).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), En);

    public static string Percent(decimal share, int decimals = 1) => (share * 100).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), En) + " %";

    /// <summary>Stable identity of a finding across runs: lever and scope, lower-case, '|' separated.</summary>
    public static string Key(string lever, params string?[] scope) =>
        lever + "|" + string.Join("|", scope.Select(s => s ?? "*"));

    public static bool IsTokenMode(string pricingMode) =>
        pricingMode is PriceDimensions.OnDemand or PriceDimensions.Batch or PriceDimensions.Flex or PriceDimensions.Priority;

    /// <summary>The route most of a workload's input is billed on ("global" or "none").</summary>
    public static string Route(WorkloadUsage w) =>
        w.Cells.Where(c => c.Direction is PriceDimensions.Input or PriceDimensions.Output)
            .GroupBy(c => c.CrossRegion)
            .OrderByDescending(g => g.Sum(c => c.Quantity))
            .Select(g => g.Key)
            .FirstOrDefault() ?? PriceDimensions.InRegion;

    /// <summary>The last day of the window: the day prices are looked up for.</summary>
    public static DateOnly PriceDate(RecommendationInputs inputs) => inputs.Window.End.AddDays(-1);

    /// <summary>
    /// The cell's cost at another model's rates: its billed cost × (other model's list rate ÷ this model's list rate) for
    /// the same charge, so a negotiated discount carries over. Example: $3,425 of Opus input at list $5.50 (geo) → Haiku
    /// at $1.10 → $685. When this model has no list rate, tokens × the other model's rate. Null when the other model
    /// has no price for the charge.
    /// </summary>
    public static decimal? CostAtOtherModel(PriceCatalog prices, CostCell cell, string otherModel, DateOnly date)
    {
        var other = prices.RateFor(otherModel, null, cell.Direction, cell.PricingMode, cell.CrossRegion, cell.CacheTtl, date);
        if (other is null)
        {
            return null;
        }

        var own = prices.RateFor(cell.Model, null, cell.Direction, cell.PricingMode, cell.CrossRegion, cell.CacheTtl, date);
        if (own is { UsdPerMillion: > 0 })
        {
            return cell.Cost * other.UsdPerMillion / own.UsdPerMillion;
        }

        return string.Equals(cell.Unit, "tokens", StringComparison.OrdinalIgnoreCase) ? cell.Quantity * other.UsdPerMillion / 1_000_000m : null;
    }

    /// <summary>Daily cost as chart points ("11-02" → $1,234.56).</summary>
    public static IReadOnlyList<EvidencePoint> DailyChart(RecommendationInputs inputs, IReadOnlyList<decimal> daily) =>
        daily.Select((v, i) => new EvidencePoint(inputs.Window.Start.AddDays(i).ToString("MM-dd", CultureInfo.InvariantCulture), Math.Round(v, 2))).ToList();

    /// <summary>
    /// What a done recommendation on (team, feature) is later measured against: the scope's cost per 1M billed tokens,
    /// over every model and mode it uses, in this window. $12,000 for 4,000M tokens → $3.00 per 1M.
    /// </summary>
    public static Measurement UnitCostBaseline(RecommendationInputs inputs, string team, string feature)
    {
        var scope = inputs.Workloads.Where(w => w.Key.Team == team && w.Key.Feature == feature).ToList();
        var cost = scope.Sum(w => w.Cost);
        var tokens = scope.Sum(w => w.Tokens.All);
        return new Measurement(Measurement.UnitCost, null, team, feature, cost * inputs.ToMonth, tokens == 0 ? null : cost / tokens * 1_000_000m);
    }

    /// <summary>Coefficient of variation (standard deviation ÷ mean) of the values; 0 for an empty or zero series.</summary>
    public static decimal Variation(IReadOnlyList<decimal> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        if (mean == 0)
        {
            return 0;
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (decimal)Math.Sqrt((double)variance) / mean;
    }

    public static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
