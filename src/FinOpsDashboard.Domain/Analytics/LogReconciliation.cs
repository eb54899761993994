using FinOpsDashboard.Domain.Pricing;

namespace FinOpsDashboard.Domain.Analytics;

/// <summary>Tokens the invocation logs saw for one model on one day.</summary>
public sealed record LoggedTokens(DateOnly Date, string Model, long Requests, long Input, long Output, long CacheRead, long CacheWrite);

/// <summary>Billed token charges of one model on one day, split the way the bill splits them.</summary>
public sealed record BilledTokenCharge(DateOnly Date, string Model, string PricingMode, string CrossRegion, string Direction, decimal Cost);

/// <summary>
/// One model-day: billed token cost against tokens-from-logs × the price catalog's on-demand in-region rates. Notes say why the two
/// differ when the bill itself shows a reason (batch and global routes cost less than the on-demand geo rate the
/// estimate assumes; traffic not logged is billed but not estimated).
/// </summary>
public sealed record ReconciliationRow(DateOnly Date, string Model, long Requests, decimal Billed, decimal? Estimated, IReadOnlyList<string> Notes)
{
    /// <summary>Billed − estimated: 105 vs 100 → +5.</summary>
    public decimal? Difference => Estimated is { } e ? Billed - e : null;

    /// <summary>Difference over estimated: +5 on 100 → 0.05.</summary>
    public decimal? DifferenceRatio => Estimated is > 0 && Difference is { } d ? d / Estimated.Value : null;
}

public static class LogReconciliation
{
    /// <summary>Joins the two sides per (day, model); a side with nothing is zero, so a model only in the bill still shows.</summary>
    public static IReadOnlyList<ReconciliationRow> Reconcile(IEnumerable<LoggedTokens> logged, IEnumerable<BilledTokenCharge> billed, PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var logs = logged.GroupBy(l => (l.Date, l.Model)).ToDictionary(g => g.Key, g => g.ToList());
        var bills = billed.GroupBy(b => (b.Date, b.Model)).ToDictionary(g => g.Key, g => g.ToList());
        return logs.Keys.Union(bills.Keys)
            .OrderByDescending(k => k.Date).ThenBy(k => k.Model, StringComparer.Ordinal)
            .Select(key =>
            {
                var l = logs.GetValueOrDefault(key) ?? [];
                var b = bills.GetValueOrDefault(key) ?? [];
                var billedCost = b.Sum(x => x.Cost);
                var estimated = Estimate(key.Model, key.Date, l, catalog);
                return new ReconciliationRow(key.Date, key.Model, l.Sum(x => x.Requests), billedCost, estimated, Notes(key.Model, l, b, billedCost, estimated));
            })
            .ToList();
    }

    /// <summary>
    /// input × rate + output × rate + cache read × rate + cache write × rate (5-minute), at the catalog's on-demand
    /// in-region rates on <paramref name="date"/>: 2M Sonnet 4.6 input at 3.30 → 6.60.
    /// </summary>
    public static decimal? Estimate(string model, DateOnly date, IReadOnlyCollection<LoggedTokens> logged, PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(logged);
        ArgumentNullException.ThrowIfNull(catalog);
        if (logged.Count == 0)
        {
            return 0m;
        }

        decimal total = 0;
        foreach (var (direction, tokens) in new[]
        {
            ("input", logged.Sum(x => x.Input)),
            ("output", logged.Sum(x => x.Output)),
            ("cache-read", logged.Sum(x => x.CacheRead)),
            ("cache-write", logged.Sum(x => x.CacheWrite)),
        })
        {
            if (tokens == 0)
            {
                continue;
            }

            if (catalog.RateFor(model, null, direction, PriceDimensions.OnDemand, PriceDimensions.InRegion, null, date) is not { } rate)
            {
                return null;
            }

            total += RepresentativePrices.Cost(tokens, rate.UsdPerMillion);
        }

        return total;
    }

    private static List<string> Notes(string model, List<LoggedTokens> logged, List<BilledTokenCharge> billed, decimal billedCost, decimal? estimated)
    {
        var notes = new List<string>();
        if (estimated is null)
        {
            notes.Add($"no catalog price for {model}: add it on the price catalog page");
        }

        if (logged.Count == 0)
        {
            notes.Add("billed but absent from the logs: logging off for this traffic, or another account or region");
        }
        else if (billed.Count == 0)
        {
            notes.Add("logged but not billed yet: the bill lags, or the traffic ran on provisioned throughput");
        }

        if (billedCost > 0)
        {
            foreach (var (label, share) in new[]
            {
                ("batch (half price)", billed.Where(b => b.PricingMode == "batch").Sum(b => b.Cost) / billedCost),
                ("global cross-region (~10 % below geo)", billed.Where(b => b.CrossRegion == "global").Sum(b => b.Cost) / billedCost),
                ("flex or priority tiers", billed.Where(b => b.PricingMode is "flex" or "priority").Sum(b => b.Cost) / billedCost),
            })
            {
                if (share > 0)
                {
                    notes.Add($"{share.ToString("P0", Money.Culture)} of billed is {label}; the estimate prices everything on-demand in-region");
                }
            }
        }

        return notes;
    }
}
