using FinOpsDashboard.Domain.Analytics;

namespace FinOpsDashboard.Domain.Anomalies;

/// <summary>One pricing cell of a series on one day, with the usage type it was billed under.</summary>
public sealed record UsageCostCell(string UsageType, CostCell Cell);

/// <summary>A usage type's cost on the flagged day against its share of the expected cost.</summary>
public sealed record UsageTypeChange(string UsageType, decimal Actual, decimal Expected)
{
    public decimal Change => Actual - Expected;
}

/// <summary>
/// Why a flagged day differs from its expectation: the change split into volume, unit price, model mix, cache and pricing
/// mode effects (cent-rounded, adding up exactly to cents(actual) − cents(expected)), and the usage types that moved most.
/// </summary>
public sealed record AnomalyExplanation(ChangeEffects Effects, IReadOnlyList<UsageTypeChange> TopUsageTypes)
{
    /// <summary>The effect with the largest magnitude, by name ("volume", "unit price", "model mix", "cache", "pricing mode").</summary>
    public string LargestEffect => Named(Effects).OrderByDescending(e => Math.Abs(e.Amount)).First().Name;

    public static IReadOnlyList<(string Name, decimal Amount)> Named(ChangeEffects effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        return [("volume", effects.Volume), ("unit price", effects.UnitPrice), ("model mix", effects.ModelMix), ("cache", effects.Cache), ("pricing mode", effects.PricingMode)];
    }
}

/// <summary>Explains an anomaly with <see cref="ChangeDecomposition"/> against the cells of its own baseline days.</summary>
public static class AnomalyExplainer
{
    /// <summary>
    /// The baseline is the cells of the baseline days (the same weekdays the median came from) together, scaled so they
    /// total the expected cost: days of 90 + 100 + 110 with expected 100 → scale 100 / 300. The flagged day's cells are the
    /// current period. When the baseline days cost nothing (or the expected cost is zero) there is nothing to scale and all of
    /// the change is volume. Division crumbs below a trillionth of a dollar between the scaled baseline and the expected cost
    /// go to volume, so the effects add up to actual − expected exactly; then <see cref="ChangeEffects.Rounded"/>.
    /// Usage types rank by |actual − scaled baseline|, ties by name; unchanged ones are left out.
    /// </summary>
    public static AnomalyExplanation Explain(
        decimal expected, IReadOnlyCollection<UsageCostCell> actualCells, IReadOnlyCollection<UsageCostCell> baselineCells, int topUsageTypes)
    {
        ArgumentNullException.ThrowIfNull(actualCells);
        ArgumentNullException.ThrowIfNull(baselineCells);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topUsageTypes);

        var actual = actualCells.Sum(c => c.Cell.Cost);
        var baselineTotal = baselineCells.Sum(c => c.Cell.Cost);
        var scalable = expected > 0 && baselineTotal > 0;
        var scale = scalable ? expected / baselineTotal : 0m;

        ChangeEffects effects;
        if (scalable)
        {
            var decomposed = ChangeDecomposition.Decompose(baselineCells.Select(c => c.Cell), actualCells.Select(c => c.Cell), scale);
            effects = decomposed with
            {
                Baseline = expected,
                Current = actual,
                Volume = decomposed.Volume + (decomposed.Baseline - expected) + (actual - decomposed.Current),
            };
        }
        else
        {
            effects = new ChangeEffects(expected, actual, actual - expected, 0, 0, 0, 0);
        }

        var actualByType = actualCells.GroupBy(c => c.UsageType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Cell.Cost), StringComparer.Ordinal);
        var expectedByType = baselineCells.GroupBy(c => c.UsageType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Cell.Cost) * scale, StringComparer.Ordinal);
        var top = actualByType.Keys.Union(expectedByType.Keys, StringComparer.Ordinal)
            .Select(t => new UsageTypeChange(t, actualByType.GetValueOrDefault(t), CentAllocation.ToCents(expectedByType.GetValueOrDefault(t))))
            .Select(c => c with { Actual = CentAllocation.ToCents(c.Actual) })
            .Where(c => c.Change != 0)
            .OrderByDescending(c => Math.Abs(c.Change))
            .ThenBy(c => c.UsageType, StringComparer.Ordinal)
            .Take(topUsageTypes)
            .ToList();

        return new AnomalyExplanation(effects.Rounded(), top);
    }
}
