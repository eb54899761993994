namespace FinOpsDashboard.Domain.Pricing;

/// <summary>
/// One price in the catalog: USD per 1M tokens of one charge of one model, effective on a range of days. Admins add
/// and close entries; the seed comes from <see cref="RepresentativePrices"/> and says so (<see cref="IsRepresentative"/>).
/// </summary>
public sealed class PriceCatalogEntry
{
    public long Id { get; set; }

    /// <summary>Canonical model name, as cost facts carry it ("Claude Sonnet 4.6").</summary>
    public required string Model { get; set; }

    /// <summary>AWS region ("us-east-1"), lower case; null = any region. A region-specific entry beats an any-region one.</summary>
    public string? Region { get; set; }

    /// <summary>See <see cref="PriceDimensions.Directions"/>.</summary>
    public required string Direction { get; set; }

    /// <summary>See <see cref="PriceDimensions.PricingModes"/>.</summary>
    public required string PricingMode { get; set; }

    /// <summary>none (in-region, including geo profiles such as us.) | global.</summary>
    public string CrossRegion { get; set; } = PriceDimensions.InRegion;

    /// <summary>"5m" or "1h" for cache writes; null for every other direction.</summary>
    public string? CacheTtl { get; set; }

    public decimal UsdPerMillion { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    /// <summary>The last day the price applies (inclusive); null = open-ended.</summary>
    public DateOnly? EffectiveTo { get; set; }

    /// <summary>Where the figure comes from: "representative list prices (aws-apis.md), ...", "entered by alice".</summary>
    public required string Provenance { get; set; }

    public string? Note { get; set; }

    /// <summary>True for the seeded representative list prices, false for prices an admin entered.</summary>
    public bool IsRepresentative { get; set; }

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    /// <summary>What the entry prices, without its dates: two entries with the same key must not overlap in time.</summary>
    public PriceKey Key => PriceKey.Create(Model, Region, Direction, PricingMode, CrossRegion, CacheTtl);

    /// <summary>From ≤ day ≤ To (To null = open): from 2024-01-01 to 2026-02-28 covers 2026-02-28, not 2026-03-01.</summary>
    public bool IsEffectiveOn(DateOnly day) => day >= EffectiveFrom && (EffectiveTo is not { } to || day <= to);

    /// <summary>True when the two inclusive ranges share a day.</summary>
    public bool Overlaps(DateOnly from, DateOnly? to) =>
        (to is not { } end || EffectiveFrom <= end) && (EffectiveTo is not { } mine || from <= mine);
}

/// <summary>
/// The charge a price applies to, normalised: region lower case (null = any), cache TTL "5m" by default for cache writes
/// and null for every other direction (so "cache-write" without a TTL and "cache-write 5m" are the same key).
/// </summary>
public sealed record PriceKey(string Model, string? Region, string Direction, string PricingMode, string CrossRegion, string? CacheTtl)
{
    public static PriceKey Create(string model, string? region, string direction, string pricingMode, string crossRegion, string? cacheTtl)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(direction);
        ArgumentNullException.ThrowIfNull(pricingMode);
        var dir = direction.Trim().ToLowerInvariant();
        var ttl = dir == PriceDimensions.CacheWrite
            ? (string.IsNullOrWhiteSpace(cacheTtl) ? PriceDimensions.FiveMinutes : cacheTtl.Trim().ToLowerInvariant())
            : null;
        return new PriceKey(
            model.Trim(),
            PriceDimensions.NormaliseRegion(region),
            dir,
            pricingMode.Trim().ToLowerInvariant(),
            string.IsNullOrWhiteSpace(crossRegion) ? PriceDimensions.InRegion : crossRegion.Trim().ToLowerInvariant(),
            ttl);
    }

    /// <summary>"Claude Sonnet 4.6 · cache-write 1h · on-demand · global · any region".</summary>
    public override string ToString() =>
        $"{Model} · {Direction}{(CacheTtl is null ? "" : " " + CacheTtl)} · {PricingMode} · {(CrossRegion == PriceDimensions.Global ? "global" : "in-region")} · {Region ?? "any region"}";
}

/// <summary>The values a catalog entry's dimensions may take: the same spellings cost facts use.</summary>
public static class PriceDimensions
{
    public const string Input = "input";
    public const string Output = "output";
    public const string CacheRead = "cache-read";
    public const string CacheWrite = "cache-write";

    public const string OnDemand = "on-demand";
    public const string Batch = "batch";
    public const string Flex = "flex";
    public const string Priority = "priority";

    public const string InRegion = "none";
    public const string Global = "global";

    public const string FiveMinutes = "5m";
    public const string OneHour = "1h";

    /// <summary>A price above this (USD per 1M tokens) is a typing mistake, not a Bedrock rate: the dearest list price is $75.</summary>
    public const decimal MaxUsdPerMillion = 1000m;

    /// <summary>The store keeps money as whole nano-dollars (ADR-006): a finer rate would be silently rounded.</summary>
    public const int MaxDecimals = 9;

    public static IReadOnlyList<string> Directions { get; } = [Input, Output, CacheRead, CacheWrite];
    public static IReadOnlyList<string> PricingModes { get; } = [OnDemand, Batch, Flex, Priority];
    public static IReadOnlyList<string> CrossRegions { get; } = [InRegion, Global];
    public static IReadOnlyList<string> CacheTtls { get; } = [FiveMinutes, OneHour];

    public static string? NormaliseRegion(string? region) =>
        string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToLowerInvariant();
}
