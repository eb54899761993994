using FinOpsDashboard.Domain.Pricing;

namespace FinOpsDashboard.Domain.Analytics;

/// <summary>Where token counts came from: CloudWatch AWS/Bedrock Sum metrics, or model invocation logs.</summary>
public static class TelemetrySources
{
    public const string CloudWatch = "cloudwatch";
    public const string InvocationLogs = "invocation-logs";
    public const string None = "none";
}

/// <summary>Tokens one telemetry source saw for one model, in one region, on one day.</summary>
public sealed record TelemetryTokens(
    DateOnly Date, string Model, string? Region, string Source, long Requests, long Input, long Output, long CacheRead, long CacheWrite);

/// <summary>Billed token charges of one model-day that share region, direction, mode, route and cache TTL.</summary>
/// <param name="Date">The usage day.</param>
/// <param name="Model">Canonical model name.</param>
/// <param name="Region">Billed region ("us-east-1"), or null.</param>
/// <param name="Direction">input | output | cache-read | cache-write.</param>
/// <param name="PricingMode">on-demand | batch | flex | priority (or another mode the bill names).</param>
/// <param name="CrossRegion">none | global.</param>
/// <param name="CacheTtl">"5m" or "1h" for cache writes, else null.</param>
/// <param name="Tokens">Billed quantity in tokens.</param>
/// <param name="Cost">Unblended cost, USD.</param>
/// <param name="IsEstimated">Cost Explorer still marks the day Estimated.</param>
public sealed record BilledTokenLine(
    DateOnly Date, string Model, string? Region, string Direction, string PricingMode, string CrossRegion, string? CacheTtl,
    decimal Tokens, decimal Cost, bool IsEstimated = false);

/// <summary>The kinds a billed − estimated difference is split into; every part has one.</summary>
public static class DifferenceKinds
{
    /// <summary>Global cross-region lines: billed tokens × (global rate − in-region rate).</summary>
    public const string CrossRegion = "cross-region";

    /// <summary>Batch / flex / priority lines: billed tokens × (tier rate − on-demand rate).</summary>
    public const string Tier = "tier";

    /// <summary>1-hour cache writes priced above 5-minute ones, and cache volume the telemetry did or did not see.</summary>
    public const string Cache = "cache";

    /// <summary>Input / output tokens billed but not in telemetry (positive), or seen but not billed (negative).</summary>
    public const string Untracked = "untracked";

    /// <summary>Billed charges the catalog has no rate for: all of their cost.</summary>
    public const string Unpriced = "unpriced";

    /// <summary>What is left: the bill's unit price differs from the catalog's.</summary>
    public const string Residual = "residual";

    public static IReadOnlyList<string> All { get; } = [CrossRegion, Tier, Cache, Untracked, Unpriced, Residual];
}

/// <summary>One named part of a difference, in USD (signed: negative = the bill is lower than the estimate for this reason).</summary>
public sealed record DifferencePart(string Kind, string Label, decimal Amount);

/// <summary>Billed against estimated for one model on one day, with the difference split into parts that add up to it exactly.</summary>
/// <param name="Date">The usage day.</param>
/// <param name="Model">Canonical model name.</param>
/// <param name="TelemetrySource">Which telemetry the estimate used (<see cref="TelemetrySources"/>).</param>
/// <param name="Requests">Invocations (CloudWatch) or logged requests.</param>
/// <param name="Billed">Unblended cost of the model-day's token charges.</param>
/// <param name="Estimated">Telemetry tokens × catalog on-demand in-region rates, each direction rounded to the nano-dollar.</param>
/// <param name="Parts">Non-zero parts, in <see cref="DifferenceKinds.All"/> order; they sum to <see cref="Difference"/> exactly.</param>
/// <param name="Notes">What the numbers cannot say by themselves: no telemetry, no catalog price.</param>
/// <param name="BilledIsEstimated">Some of the billed cost is still Estimated in Cost Explorer.</param>
/// <param name="UsesRepresentativePrices">Some rate came from a representative list price, not one an admin entered.</param>
/// <param name="UsesDerivedPrices">Some rate was derived by a rule (batch, route) rather than listed.</param>
public sealed record ModelDayReconciliation(
    DateOnly Date,
    string Model,
    string TelemetrySource,
    long Requests,
    decimal Billed,
    decimal Estimated,
    IReadOnlyList<DifferencePart> Parts,
    IReadOnlyList<string> Notes,
    bool BilledIsEstimated,
    bool UsesRepresentativePrices,
    bool UsesDerivedPrices)
{
    /// <summary>Billed − estimated: 105 vs 100 → +5.</summary>
    public decimal Difference => Billed - Estimated;

    /// <summary>Difference over estimated: +5 on 100 → 0.05; null when nothing was estimated.</summary>
    public decimal? DifferenceRatio => Estimated != 0 ? Difference / Estimated : null;

    /// <summary>The sum of the parts of one kind.</summary>
    public decimal PartOf(string kind) => Parts.Where(p => p.Kind == kind).Sum(p => p.Amount);

    /// <summary>One line in words, largest part first: "global cross-region route −$12.40; 1-hour cache writes +$3.10".</summary>
    public string Explanation => CostReconciliation.Explain(Parts);
}

/// <summary>Sums over many model-days: billed, estimated and each (kind, label) part.</summary>
public sealed record ReconciliationTotals(decimal Billed, decimal Estimated, IReadOnlyList<DifferencePart> Parts)
{
    public decimal Difference => Billed - Estimated;

    public decimal? DifferenceRatio => Estimated != 0 ? Difference / Estimated : null;

    public decimal PartOf(string kind) => Parts.Where(p => p.Kind == kind).Sum(p => p.Amount);

    public string Explanation => CostReconciliation.Explain(Parts);
}

/// <summary>
/// Billed vs estimated per model per day, and why they differ. Estimated = telemetry tokens × the catalog's on-demand
/// in-region rate (cache writes at the 5-minute rate). Each billed line is then walked from that reference rate to
/// what it actually cost, one step at a time, and each step is one named part:
/// <list type="number">
/// <item>reference: billed tokens × on-demand in-region rate (c0); Σ c0 − estimated = volume the telemetry did not see
/// (untracked for input/output, cache for cache reads/writes);</item>
/// <item>cross-region: × the line's route rate (c1): c1 − c0;</item>
/// <item>tier: × the line's pricing-mode rate (c2): c2 − c1;</item>
/// <item>cache TTL: × the line's TTL rate (c3, differs only for 1-hour writes): c3 − c2;</item>
/// <item>residual "price differs from catalog": billed cost − c3.</item>
/// </list>
/// Every cN is rounded to the nano-dollar (the store's precision), so every part is an exact decimal and the parts add
/// up to billed − estimated with no rounding at all. When the catalog has no rate for a step (flex, priority or a 1-hour
/// write nobody priced), that step takes the rest of the line's difference. A line with no reference rate is "unpriced".
/// Example: 1M global Sonnet input billed $3.00, telemetry 1M: estimated 1M × 3.30 = 3.30; cross-region 3.00 − 3.30 = −0.30.
/// </summary>
public static class CostReconciliation
{
    public const string LabelCrossRegion = "global cross-region route";
    public const string LabelOneHourWrites = "1-hour cache writes";
    public const string LabelNotInTelemetry = "traffic billed but not in telemetry";
    public const string LabelNotBilled = "telemetry not billed";
    public const string LabelResidual = "price differs from catalog";

    /// <summary>Parts smaller than half a cent are left out of the one-line explanation (they would read "$0.00").</summary>
    public const decimal ExplanationThreshold = 0.005m;

    /// <summary>
    /// One row per (day, model) found on either side, newest day first. Telemetry per model-day is CloudWatch when it has
    /// any points for it, otherwise invocation logs: never both, so nothing is counted twice.
    /// </summary>
    public static IReadOnlyList<ModelDayReconciliation> Reconcile(
        IEnumerable<TelemetryTokens> telemetry, IEnumerable<BilledTokenLine> billed, PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(billed);
        ArgumentNullException.ThrowIfNull(catalog);
        var seen = telemetry.GroupBy(t => (t.Date, t.Model)).ToDictionary(g => g.Key, g => g.ToList());
        var bills = billed.GroupBy(b => (b.Date, b.Model)).ToDictionary(g => g.Key, g => g.ToList());
        return seen.Keys.Union(bills.Keys)
            .OrderByDescending(k => k.Date).ThenBy(k => k.Model, StringComparer.Ordinal)
            .Select(k => ReconcileDay(k.Date, k.Model, PickSource(seen.GetValueOrDefault(k)), bills.GetValueOrDefault(k) ?? [], catalog))
            .ToList();
    }

    /// <summary>Sums rows: billed, estimated, and parts by (kind, label), so the totals row adds up like every row does.</summary>
    public static ReconciliationTotals Total(IEnumerable<ModelDayReconciliation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        return new ReconciliationTotals(list.Sum(r => r.Billed), list.Sum(r => r.Estimated), Merge(list.SelectMany(r => r.Parts)));
    }

    /// <summary>"global cross-region route −$12.40; 1-hour cache writes +$3.10" (largest first, half-cent parts left out).</summary>
    public static string Explain(IEnumerable<DifferencePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var shown = parts.Where(p => Math.Abs(p.Amount) >= ExplanationThreshold)
            .OrderByDescending(p => Math.Abs(p.Amount))
            .Select(p => $"{p.Label} {Signed(p.Amount)}")
            .ToList();
        return shown.Count == 0 ? "matches the catalog estimate (within a cent)" : string.Join("; ", shown);
    }

    /// <summary>+$3.10 / −$12.40 (a real minus sign).</summary>
    public static string Signed(decimal amount) => (amount < 0 ? "−" : "+") + Money.Usd(Math.Abs(amount));

    /// <summary>tokens × USD per 1M, rounded to the nano-dollar: 1,234,567 tokens at 3.30 → 4.0740711.</summary>
    public static decimal Cost(decimal tokens, decimal usdPerMillion) =>
        Math.Round(tokens * usdPerMillion / 1_000_000m, 9, MidpointRounding.ToEven);

    private static List<TelemetryTokens> PickSource(List<TelemetryTokens>? telemetry)
    {
        if (telemetry is null)
        {
            return [];
        }

        var cloudWatch = telemetry.Where(t => t.Source == TelemetrySources.CloudWatch).ToList();
        return cloudWatch.Count > 0 ? cloudWatch : telemetry.Where(t => t.Source == TelemetrySources.InvocationLogs).ToList();
    }

    private static ModelDayReconciliation ReconcileDay(
        DateOnly date, string model, List<TelemetryTokens> telemetry, List<BilledTokenLine> lines, PriceCatalog catalog)
    {
        var parts = new List<DifferencePart>();
        var notes = new List<string>();
        var representative = false;
        var derived = false;

        PriceQuote? Rate(string? region, string direction, string mode, string route, string? ttl)
        {
            var quote = catalog.RateFor(model, region, direction, mode, route, ttl, date);
            if (quote is not null)
            {
                representative |= quote.IsRepresentative;
                derived |= quote.IsDerived;
            }

            return quote;
        }

        // Estimated: telemetry tokens at the on-demand in-region reference rate of their region.
        var estimatedByDirection = PriceDimensions.Directions.ToDictionary(d => d, _ => 0m, StringComparer.Ordinal);
        var unpricedDirections = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var t in telemetry)
        {
            foreach (var (direction, tokens) in TokensOf(t))
            {
                if (tokens == 0)
                {
                    continue;
                }

                if (Rate(t.Region, direction, PriceDimensions.OnDemand, PriceDimensions.InRegion, null) is { } reference)
                {
                    estimatedByDirection[direction] += Cost(tokens, reference.UsdPerMillion);
                }
                else
                {
                    unpricedDirections.Add(direction);
                }
            }
        }

        // Billed: each line walked from the reference rate to its cost.
        var referenceByDirection = PriceDimensions.Directions.ToDictionary(d => d, _ => 0m, StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var key = PriceKey.Create(model, line.Region, line.Direction, line.PricingMode, line.CrossRegion, line.CacheTtl);
            if (Rate(line.Region, key.Direction, PriceDimensions.OnDemand, PriceDimensions.InRegion, null) is not { } reference)
            {
                parts.Add(new DifferencePart(DifferenceKinds.Unpriced, $"no catalog price for {key.Direction}", line.Cost));
                unpricedDirections.Add(key.Direction);
                continue;
            }

            var previous = Cost(line.Tokens, reference.UsdPerMillion);
            if (referenceByDirection.ContainsKey(key.Direction))
            {
                referenceByDirection[key.Direction] += previous;
            }

            var steps = new (string Kind, string Label, Func<PriceQuote?> Rate)[]
            {
                (DifferenceKinds.CrossRegion, LabelCrossRegion, () => Rate(line.Region, key.Direction, PriceDimensions.OnDemand, key.CrossRegion, null)),
                (DifferenceKinds.Tier, TierLabel(key.PricingMode), () => Rate(line.Region, key.Direction, key.PricingMode, key.CrossRegion, null)),
                (DifferenceKinds.Cache, key.CacheTtl == PriceDimensions.OneHour ? LabelOneHourWrites : "cache write TTL", () => Rate(line.Region, key.Direction, key.PricingMode, key.CrossRegion, key.CacheTtl)),
            };
            var reachedCost = false;
            foreach (var (kind, label, rate) in steps)
            {
                if (rate() is not { } quote)
                {
                    // No catalog rate for this step: it takes the rest of the line's difference.
                    parts.Add(new DifferencePart(kind, label, line.Cost - previous));
                    reachedCost = true;
                    break;
                }

                var cost = Cost(line.Tokens, quote.UsdPerMillion);
                parts.Add(new DifferencePart(kind, label, cost - previous));
                previous = cost;
            }

            if (!reachedCost)
            {
                parts.Add(new DifferencePart(DifferenceKinds.Residual, LabelResidual, line.Cost - previous));
            }
        }

        // Volume: billed tokens at the reference rate against the estimate, per direction.
        foreach (var direction in PriceDimensions.Directions)
        {
            var volume = referenceByDirection[direction] - estimatedByDirection[direction];
            if (volume == 0)
            {
                continue;
            }

            var isCache = direction is PriceDimensions.CacheRead or PriceDimensions.CacheWrite;
            var label = (isCache, volume > 0) switch
            {
                (true, true) => $"{CacheNoun(direction)} not in telemetry",
                (true, false) => $"{CacheNoun(direction)} in telemetry, not billed",
                (false, true) => LabelNotInTelemetry,
                (false, false) => LabelNotBilled,
            };
            parts.Add(new DifferencePart(isCache ? DifferenceKinds.Cache : DifferenceKinds.Untracked, label, volume));
        }

        if (telemetry.Count == 0)
        {
            notes.Add("no telemetry for this model-day (CloudWatch metrics or invocation logs): every billed token counts as untracked");
        }

        if (lines.Count == 0)
        {
            notes.Add("seen in telemetry but not billed: the bill lags, or the traffic ran elsewhere (provisioned throughput, another account)");
        }

        foreach (var direction in unpricedDirections)
        {
            notes.Add($"no catalog price for {model} {direction}: add one on the price catalog page");
        }

        return new ModelDayReconciliation(
            date,
            model,
            telemetry.Count == 0 ? TelemetrySources.None : telemetry[0].Source,
            telemetry.Sum(t => t.Requests),
            lines.Sum(l => l.Cost),
            estimatedByDirection.Values.Sum(),
            Merge(parts),
            notes,
            lines.Any(l => l.IsEstimated),
            representative,
            derived);
    }

    private static IEnumerable<(string Direction, long Tokens)> TokensOf(TelemetryTokens t) =>
    [
        (PriceDimensions.Input, t.Input),
        (PriceDimensions.Output, t.Output),
        (PriceDimensions.CacheRead, t.CacheRead),
        (PriceDimensions.CacheWrite, t.CacheWrite),
    ];

    private static string TierLabel(string mode) => mode switch
    {
        PriceDimensions.Batch or PriceDimensions.Flex or PriceDimensions.Priority => $"{mode} tier",
        _ => $"{mode} pricing",
    };

    private static string CacheNoun(string direction) => direction == PriceDimensions.CacheRead ? "cache reads" : "cache writes";

    /// <summary>Adds parts with the same (kind, label), drops zeros, orders by kind then label.</summary>
    private static List<DifferencePart> Merge(IEnumerable<DifferencePart> parts) =>
        parts.GroupBy(p => (p.Kind, p.Label))
            .Select(g => new DifferencePart(g.Key.Kind, g.Key.Label, g.Sum(p => p.Amount)))
            .Where(p => p.Amount != 0)
            .OrderBy(p => IndexOf(p.Kind))
            .ThenBy(p => p.Label, StringComparer.Ordinal)
            .ToList();

    private static int IndexOf(string kind)
    {
        for (var i = 0; i < DifferenceKinds.All.Count; i++)
        {
            if (DifferenceKinds.All[i] == kind)
            {
                return i;
            }
        }

        return DifferenceKinds.All.Count;
    }
}
