using System.Globalization;

namespace FinOpsDashboard.Domain.Pricing;

/// <summary>A rate the catalog answered with, and how it got there.</summary>
/// <param name="UsdPerMillion">USD per 1M tokens.</param>
/// <param name="IsDerived">True when no entry prices this exact charge and a documented rule produced the rate.</param>
/// <param name="IsRepresentative">True when the entry it rests on is a seeded representative list price.</param>
/// <param name="Basis">In words: "listed" or the rules applied, e.g. "batch = 50 % of on-demand; geo = global × 1.10".</param>
/// <param name="Entry">The catalog entry the rate rests on.</param>
public sealed record PriceQuote(decimal UsdPerMillion, bool IsDerived, bool IsRepresentative, string Basis, PriceCatalogEntry Entry);

/// <summary>
/// Prices with effective dates, and the one lookup every estimate uses. An explicit entry for the exact charge wins
/// (region-specific before any-region); otherwise the rules of <see cref="RepresentativePrices"/> derive it: the other
/// route (geo = global × 1.10, global = geo ÷ 1.10), then batch = 50 % of on-demand. Flex and priority are never
/// derived (the list documents no rule): they need entries of their own.
/// </summary>
public sealed class PriceCatalog
{
    /// <summary>The seed's first effective day: early enough to cover any bill the app will be shown.</summary>
    public static readonly DateOnly RepresentativeEffectiveFrom = new(2024, 1, 1);

    public const string SeedActor = "seed";

    private readonly Dictionary<string, List<PriceCatalogEntry>> _byModel;

    public PriceCatalog(IEnumerable<PriceCatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.ToList();
        _byModel = Entries.GroupBy(e => e.Model.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public IReadOnlyList<PriceCatalogEntry> Entries { get; }

    /// <summary>The catalog as first seeded: <see cref="RepresentativePrices"/> only.</summary>
    public static PriceCatalog Representative() => new(RepresentativeEntries(DateTime.UnixEpoch));

    /// <summary>
    /// USD per 1M tokens for one charge on <paramref name="date"/>, or null when neither an entry nor a rule prices it.
    /// Example: Sonnet 4.6 is listed at 3.00 global, so in-region batch input is 3.00 × 1.10 × 0.5 = 1.65, derived.
    /// </summary>
    public PriceQuote? RateFor(string model, string? region, string direction, string pricingMode, string crossRegion, string? cacheTtl, DateOnly date) =>
        Resolve(PriceKey.Create(model, region, direction, pricingMode, crossRegion, cacheTtl), date);

    /// <summary>The explicit entry for exactly this key on <paramref name="date"/>: region-specific first, then any region.</summary>
    public PriceCatalogEntry? ExplicitEntry(PriceKey key, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_byModel.TryGetValue(key.Model, out var candidates))
        {
            return null;
        }

        PriceCatalogEntry? regional = null;
        PriceCatalogEntry? anyRegion = null;
        foreach (var entry in candidates)
        {
            if (!entry.IsEffectiveOn(date))
            {
                continue;
            }

            var k = entry.Key;
            if (k.Direction != key.Direction || k.PricingMode != key.PricingMode || k.CrossRegion != key.CrossRegion || k.CacheTtl != key.CacheTtl)
            {
                continue;
            }

            if (k.Region is null)
            {
                anyRegion = Later(anyRegion, entry);
            }
            else if (k.Region == key.Region)
            {
                regional = Later(regional, entry);
            }
        }

        return regional ?? anyRegion;
    }

    private PriceQuote? Resolve(PriceKey key, DateOnly date)
    {
        if (ExplicitEntry(key, date) is { } listed)
        {
            return new PriceQuote(listed.UsdPerMillion, false, listed.IsRepresentative, "listed", listed);
        }

        var otherRoute = key with { CrossRegion = key.CrossRegion == PriceDimensions.Global ? PriceDimensions.InRegion : PriceDimensions.Global };
        if (ExplicitEntry(otherRoute, date) is { } routed)
        {
            var toGlobal = key.CrossRegion == PriceDimensions.Global;
            var rate = toGlobal
                ? routed.UsdPerMillion / (1 + RepresentativePrices.GeoPremium)
                : routed.UsdPerMillion * (1 + RepresentativePrices.GeoPremium);
            return new PriceQuote(rate, true, routed.IsRepresentative, toGlobal ? "global = geo ÷ 1.10" : "geo = global × 1.10", routed);
        }

        if (key.PricingMode == PriceDimensions.Batch && Resolve(key with { PricingMode = PriceDimensions.OnDemand }, date) is { } onDemand)
        {
            var basis = onDemand.IsDerived ? "batch = 50 % of on-demand; " + onDemand.Basis : "batch = 50 % of on-demand";
            return new PriceQuote(onDemand.UsdPerMillion * RepresentativePrices.BatchFactor, true, onDemand.IsRepresentative, basis, onDemand.Entry);
        }

        return null;
    }

    private static PriceCatalogEntry Later(PriceCatalogEntry? current, PriceCatalogEntry candidate) =>
        current is null || candidate.EffectiveFrom > current.EffectiveFrom ? candidate : current;

    /// <summary>
    /// The seed: one on-demand entry per rate <see cref="RepresentativePrices"/> lists, on the route it lists (global for
    /// Claude 4.x, in-region otherwise), any region, effective from 2024-01-01, open-ended, marked representative.
    /// Everything else (the other route, batch) is derived at lookup, so editing a listed rate moves its derivations too.
    /// </summary>
    public static IReadOnlyList<PriceCatalogEntry> RepresentativeEntries(DateTime createdAt)
    {
        var entries = new List<PriceCatalogEntry>();
        foreach (var rates in RepresentativePrices.All.OrderBy(r => r.Model, StringComparer.Ordinal))
        {
            var route = rates.ListedGlobal ? PriceDimensions.Global : PriceDimensions.InRegion;
            foreach (var (direction, ttl, rate) in new (string, string?, decimal?)[]
            {
                (PriceDimensions.Input, null, rates.Input),
                (PriceDimensions.Output, null, rates.Output),
                (PriceDimensions.CacheRead, null, rates.CacheRead),
                (PriceDimensions.CacheWrite, PriceDimensions.FiveMinutes, rates.CacheWrite),
                (PriceDimensions.CacheWrite, PriceDimensions.OneHour, rates.CacheWrite1h),
            })
            {
                if (rate is not { } usd)
                {
                    continue;
                }

                entries.Add(new PriceCatalogEntry
                {
                    Model = rates.Model,
                    Region = null,
                    Direction = direction,
                    PricingMode = PriceDimensions.OnDemand,
                    CrossRegion = route,
                    CacheTtl = ttl,
                    UsdPerMillion = usd,
                    EffectiveFrom = RepresentativeEffectiveFrom,
                    EffectiveTo = null,
                    Provenance = RepresentativePrices.Provenance,
                    IsRepresentative = true,
                    CreatedAt = createdAt,
                    CreatedBy = SeedActor,
                    UpdatedAt = createdAt,
                    UpdatedBy = SeedActor,
                });
            }
        }

        return entries;
    }

    /// <summary>
    /// Why <paramref name="candidate"/> cannot be stored beside <paramref name="others"/> (empty when it can): unknown
    /// dimension values, a negative or absurd rate (above $1,000 per 1M tokens), finer than the store keeps, an end before
    /// the start, or an effective range overlapping another entry with the same key.
    /// </summary>
    public static IReadOnlyList<string> Validate(PriceCatalogEntry candidate, IEnumerable<PriceCatalogEntry> others)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(others);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(candidate.Model))
        {
            errors.Add("Model is required.");
        }

        var direction = candidate.Direction?.Trim().ToLowerInvariant() ?? "";
        if (!PriceDimensions.Directions.Contains(direction))
        {
            errors.Add($"Direction '{candidate.Direction}' is not one of {string.Join(", ", PriceDimensions.Directions)}.");
        }

        if (!PriceDimensions.PricingModes.Contains(candidate.PricingMode?.Trim().ToLowerInvariant() ?? ""))
        {
            errors.Add($"Pricing mode '{candidate.PricingMode}' is not one of {string.Join(", ", PriceDimensions.PricingModes)}.");
        }

        if (!PriceDimensions.CrossRegions.Contains(candidate.CrossRegion?.Trim().ToLowerInvariant() ?? ""))
        {
            errors.Add($"Cross-region route '{candidate.CrossRegion}' is not one of none (in-region) or global.");
        }

        if (!string.IsNullOrWhiteSpace(candidate.CacheTtl))
        {
            if (direction != PriceDimensions.CacheWrite)
            {
                errors.Add("A cache TTL applies to cache writes only.");
            }
            else if (!PriceDimensions.CacheTtls.Contains(candidate.CacheTtl.Trim().ToLowerInvariant()))
            {
                errors.Add($"Cache TTL '{candidate.CacheTtl}' is not one of 5m or 1h.");
            }
        }

        var rate = candidate.UsdPerMillion;
        if (rate < 0)
        {
            errors.Add($"A price cannot be negative (got {rate.ToString(CultureInfo.InvariantCulture)} USD per 1M tokens).");
        }
        else if (rate > PriceDimensions.MaxUsdPerMillion)
        {
            errors.Add($"{Money.Usd(rate)} per 1M tokens is above the {Money.Usd(PriceDimensions.MaxUsdPerMillion, 0)} sanity limit: prices are USD per 1M tokens, not per 1K or per token.");
        }

        if (rate.Scale > PriceDimensions.MaxDecimals && rate != Math.Round(rate, PriceDimensions.MaxDecimals))
        {
            errors.Add($"A price may have at most {PriceDimensions.MaxDecimals} decimal places (the store keeps nano-dollars).");
        }

        if (candidate.EffectiveTo is { } to && to < candidate.EffectiveFrom)
        {
            errors.Add($"The last effective day {to:yyyy-MM-dd} is before the first {candidate.EffectiveFrom:yyyy-MM-dd}.");
        }

        if (string.IsNullOrWhiteSpace(candidate.Provenance))
        {
            errors.Add("Provenance is required: say where the price comes from.");
        }

        if (errors.Count == 0)
        {
            var key = candidate.Key;
            foreach (var other in others)
            {
                if (other.Id != 0 && other.Id == candidate.Id)
                {
                    continue;
                }

                if (other.Key == key && other.Overlaps(candidate.EffectiveFrom, candidate.EffectiveTo))
                {
                    errors.Add($"{Range(candidate.EffectiveFrom, candidate.EffectiveTo)} overlaps the existing price #{other.Id} for {key} "
                        + $"({Range(other.EffectiveFrom, other.EffectiveTo)}): close that one first or choose other dates.");
                }
            }
        }

        return errors;
    }

    /// <summary>"2024-01-01 – 2026-02-28", or "from 2026-03-01" when open-ended.</summary>
    public static string Range(DateOnly from, DateOnly? to) =>
        to is { } end
            ? $"{from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : $"from {from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
