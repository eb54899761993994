namespace FinOpsDashboard.Domain.Analytics;

/// <summary>
/// Billed quantity and unblended cost of one charge of a slice over a period. Direction: input | output | cache-read |
/// cache-write | image | audio | model-units | training | storage | search-units | other. Quantity is in
/// <see cref="Unit"/> (tokens, hours...); a charge with no quantity (a fee, a credit) is measured by its cost.
/// </summary>
public sealed record CostCell(string Model, string PricingMode, string Direction, string? CacheTtl, string CrossRegion, string Unit, decimal Quantity, decimal Cost);

/// <summary>A slice's change in spend split into five effects that add up exactly to <see cref="Change"/>.</summary>
public sealed record ChangeEffects(decimal Baseline, decimal Current, decimal Volume, decimal UnitPrice, decimal ModelMix, decimal Cache, decimal PricingMode)
{
    /// <summary>Current − baseline: 1,200 vs 1,000 → +200 = Volume + UnitPrice + ModelMix + Cache + PricingMode.</summary>
    public decimal Change => Current - Baseline;

    /// <summary>
    /// Baseline and current to cents, and the effects to cents by largest remainder so they still add up to the rounded
    /// change: baseline 10.004, current 20.006, effects 3.333 / 3.333 / 3.336 / 0 / 0 → 10.00, 20.01, 3.34 / 3.33 / 3.34 / 0 / 0.
    /// </summary>
    public ChangeEffects Rounded()
    {
        var baseline = CentAllocation.ToCents(Baseline);
        var current = CentAllocation.ToCents(Current);
        var effects = CentAllocation.Allocate([Volume, UnitPrice, ModelMix, Cache, PricingMode], current - baseline);
        return new ChangeEffects(baseline, current, effects[0], effects[1], effects[2], effects[3], effects[4]);
    }
}

/// <summary>
/// Explains a slice's change in spend between a baseline and a current period as volume, model mix, pricing mode, cache and
/// unit price effects.
/// <para>
/// Cells fall into volume groups g: input-side tokens (input, cache read, cache write), output tokens, and each other
/// (direction, unit). Within a group, cost = Σ Q_g · s · t · u · p over the finest cells, where Q_g is the group's quantity,
/// s the model's share of it, t the share of the model's quantity in each pricing mode (mode and cross-region route, so the
/// global route is a mode variant), u the component's share within (g, model, mode) (uncached input, cache read, cache write
/// per TTL; 1 outside the input side) and p = cost ÷ quantity. The chain replaces the baseline's Q, then s, t, u, p with the
/// current period's; each effect is the cost after its step minus the cost before.
/// </para>
/// <para>
/// A share or price undefined in one period (its denominator is zero there) takes the other period's value, so a new model
/// appears through the mix step at its own prices, a new pricing mode through the mode step, and a vanished group drops to
/// zero in the volume step. A charge with zero quantity is measured in dollars (quantity = cost, price 1). Amounts are
/// held to 12 decimal places (a trillionth of a dollar) so the effects add up to the change exactly. A move from
/// on-demand tokens to provisioned model units changes two groups, so it shows as volume. Scale the baseline to compare
/// periods of different lengths: 0.25 makes four weeks a weekly average.
/// </para>
/// </summary>
public static class ChangeDecomposition
{
    private const string InputSide = "input-side";
    private const string NoQuantityUnit = "USD";
    private const int StateDecimals = 12;
    // Below this, x × numerator fits a decimal's 28 digits, so multiplying before dividing keeps same-period factors exact.
    private const decimal ExactProductLimit = 100_000_000_000_000m;

    /// <summary>
    /// Example: 1M Sonnet input tokens at $3 → 2M tokens, half moved to Haiku at $1: Volume +3 (2M at the old mix and
    /// price), ModelMix −2 (1M from $3 to $1), the rest 0; 3 → 4.
    /// </summary>
    public static ChangeEffects Decompose(IEnumerable<CostCell> baseline, IEnumerable<CostCell> current, decimal baselineScale = 1m)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baselineScale);

        var before = Period.Of(baseline, baselineScale);
        var after = Period.Of(current, 1m);
        var keys = before.Cells.Keys.Union(after.Cells.Keys).ToList();

        // States 1-4 replace the first n factors (volume, mix, mode, cache) with the current period's. States 0 and 5 are the
        // actual totals rather than the formula's, so the effects telescope to the change; division crumbs land in Volume and
        // UnitPrice. Every state is held to 12 decimal places: a decimal keeps 28 digits, so sums of values with more decimals
        // (a baseline scaled by 1/3, a share of 1/7) would round, and the effects would miss the change by 1e-28.
        var baselineCost = Quantize(before.Cost);
        var currentCost = Quantize(after.Cost);
        var volumeReplaced = Quantize(Evaluate(keys, before, after, replaced: 1));
        var mixReplaced = Quantize(Evaluate(keys, before, after, replaced: 2));
        var modeReplaced = Quantize(Evaluate(keys, before, after, replaced: 3));
        var cacheReplaced = Quantize(Evaluate(keys, before, after, replaced: 4));

        return new ChangeEffects(
            Baseline: baselineCost,
            Current: currentCost,
            Volume: volumeReplaced - baselineCost,
            UnitPrice: currentCost - cacheReplaced,
            ModelMix: mixReplaced - volumeReplaced,
            Cache: cacheReplaced - modeReplaced,
            PricingMode: modeReplaced - mixReplaced);
    }

    /// <summary>Σ Q·s·t·u·p with factors 0..replaced−1 (Q, s, t, u, p in that order) from current, the rest from baseline.</summary>
    private static decimal Evaluate(List<Key> keys, Period baseline, Period current, int replaced)
    {
        decimal total = 0;
        foreach (var key in keys)
        {
            var x = (replaced > 0 ? current : baseline).GroupQuantity(key);
            for (var factor = 1; factor <= 4 && x != 0; factor++)
            {
                var (preferred, other) = factor < replaced ? (current, baseline) : (baseline, current);
                var ratio = preferred.Factor(key, factor);
                if (ratio.Denominator == 0)
                {
                    ratio = other.Factor(key, factor);
                }

                x = ratio.Denominator == 0 ? 0 : Times(x, ratio);
            }

            total += x;
        }

        return total;
    }

    private static decimal Quantize(decimal amount) => Math.Round(amount, StateDecimals, MidpointRounding.AwayFromZero);

    private static decimal Times(decimal x, Ratio ratio) =>
        ratio.Numerator == ratio.Denominator ? x
        : Math.Abs(x) < ExactProductLimit && Math.Abs(ratio.Numerator) < ExactProductLimit ? x * ratio.Numerator / ratio.Denominator
        : x * (ratio.Numerator / ratio.Denominator);

    private readonly record struct Ratio(decimal Numerator, decimal Denominator);

    private readonly record struct Key(string Kind, string Unit, string Model, string Mode, string Component);

    private sealed class Period
    {
        public Dictionary<Key, (decimal Quantity, decimal Cost)> Cells { get; } = [];

        public decimal Cost { get; private set; }

        private readonly Dictionary<(string Kind, string Unit), decimal> _group = [];
        private readonly Dictionary<(string Kind, string Unit, string Model), decimal> _groupModel = [];
        private readonly Dictionary<(string Kind, string Unit, string Model, string Mode), decimal> _groupModelMode = [];

        public static Period Of(IEnumerable<CostCell> cells, decimal scale)
        {
            var period = new Period();
            foreach (var cell in cells)
            {
                if (cell.Quantity == 0 && cell.Cost == 0)
                {
                    continue;
                }

                var measuredByCost = cell.Quantity == 0;
                var quantity = (measuredByCost ? cell.Cost : cell.Quantity) * scale;
                var cost = cell.Cost * scale;
                var inputSide = cell.Direction is "input" or "cache-read" or "cache-write";
                var key = new Key(
                    inputSide ? InputSide : cell.Direction,
                    measuredByCost ? NoQuantityUnit : cell.Unit,
                    cell.Model,
                    $"{cell.PricingMode} {cell.CrossRegion}",
                    cell.Direction == "cache-write" && cell.CacheTtl is { } ttl ? $"cache-write {ttl}" : cell.Direction);

                var (q, c) = period.Cells.GetValueOrDefault(key);
                period.Cells[key] = (q + quantity, c + cost);
                Add(period._group, (key.Kind, key.Unit), quantity);
                Add(period._groupModel, (key.Kind, key.Unit, key.Model), quantity);
                Add(period._groupModelMode, (key.Kind, key.Unit, key.Model, key.Mode), quantity);
                period.Cost += cost;
            }

            return period;
        }

        public decimal GroupQuantity(Key key) => _group.GetValueOrDefault((key.Kind, key.Unit));

        /// <summary>1: model share s, 2: mode share t, 3: component share u, 4: unit price p.</summary>
        public Ratio Factor(Key key, int factor)
        {
            var groupModel = _groupModel.GetValueOrDefault((key.Kind, key.Unit, key.Model));
            var groupModelMode = _groupModelMode.GetValueOrDefault((key.Kind, key.Unit, key.Model, key.Mode));
            var cell = Cells.GetValueOrDefault(key);
            return factor switch
            {
                1 => new Ratio(groupModel, GroupQuantity(key)),
                2 => new Ratio(groupModelMode, groupModel),
                3 => new Ratio(cell.Quantity, groupModelMode),
                _ => new Ratio(cell.Cost, cell.Quantity),
            };
        }

        private static void Add<TKey>(Dictionary<TKey, decimal> sums, TKey key, decimal quantity)
            where TKey : notnull => sums[key] = sums.GetValueOrDefault(key) + quantity;
    }
}
