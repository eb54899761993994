namespace FinOpsDashboard.Domain.Pricing;

/// <summary>On-demand list rates of one model, USD per 1M tokens, on the route the price list quotes.</summary>
/// <param name="Model">Canonical model name.</param>
/// <param name="Input">Input tokens.</param>
/// <param name="Output">Output tokens.</param>
/// <param name="CacheRead">Null when the model has no prompt caching.</param>
/// <param name="CacheWrite">5-minute TTL write; null when the model has no prompt caching.</param>
/// <param name="CacheWrite1h">1-hour TTL write; null when not offered.</param>
/// <param name="ListedGlobal">True when the list quotes the global cross-region route (Claude 4.x), false for in-region.</param>
public sealed record ModelRates(
    string Model,
    decimal Input,
    decimal Output,
    decimal? CacheRead,
    decimal? CacheWrite,
    decimal? CacheWrite1h,
    bool ListedGlobal);

/// <summary>
/// The representative prices in shared/domain/aws-apis.md ("confirm against the price list before budgeting"):
/// a starting catalog for estimates from tokens, until admins maintain their own. Every figure computed from it
/// is an estimate, and says so.
/// </summary>
public static class RepresentativePrices
{
    public const string Provenance = "representative list prices (aws-apis.md), not your negotiated rates";

    /// <summary>Batch is half of on-demand.</summary>
    public const decimal BatchFactor = 0.5m;

    /// <summary>Between the geo (in-region) and the global cross-region route: geo = global × 1.10 (aws-apis.md's rule of thumb).</summary>
    public const decimal GeoPremium = 0.10m;

    private static readonly Dictionary<string, ModelRates> Rates = new ModelRates[]
    {
        new("Nova Micro", 0.035m, 0.14m, null, null, null, ListedGlobal: false),
        new("Nova Lite", 0.06m, 0.24m, null, null, null, ListedGlobal: false),
        new("Nova Pro", 0.80m, 3.20m, 0.20m, 0m, null, ListedGlobal: false),
        // Claude 4.x: the list quotes the global route. Cache: read 0.1x input, write 1.25x (1-hour 2x) where not listed.
        new("Claude Haiku 4.5", 1.00m, 5.00m, 0.10m, 1.25m, 2.00m, ListedGlobal: true),
        new("Claude Sonnet 4.6", 3.00m, 15.00m, 0.30m, 3.75m, 6.00m, ListedGlobal: true),
        new("Claude Opus 4.8", 5.00m, 25.00m, 0.50m, 6.25m, 10.00m, ListedGlobal: true),
        new("Claude 3 Haiku", 0.25m, 1.25m, null, null, null, ListedGlobal: false),
        new("Llama 3 8B", 0.30m, 0.60m, null, null, null, ListedGlobal: false),
        new("Llama 3 70B", 2.65m, 3.50m, null, null, null, ListedGlobal: false),
        new("Titan Text Embeddings V2", 0.02m, 0m, null, null, null, ListedGlobal: false),
    }.ToDictionary(r => r.Model, StringComparer.Ordinal);

    public static IReadOnlyCollection<ModelRates> All => Rates.Values;

    public static ModelRates? For(string model) => Rates.GetValueOrDefault(model);

    /// <summary>
    /// USD per 1M tokens for one charge, or null when the catalog cannot price it. Example: Claude Sonnet 4.6
    /// input is listed at 3.00 global, so in-region it is 3.00 × 1.10 = 3.30; batch halves either.
    /// </summary>
    public static decimal? RatePerMillion(string model, string direction, string pricingMode, string crossRegion, string? cacheTtl)
    {
        if (For(model) is not { } rates)
        {
            return null;
        }

        decimal? rate = direction switch
        {
            "input" => rates.Input,
            "output" => rates.Output,
            "cache-read" => rates.CacheRead,
            "cache-write" => cacheTtl == "1h" ? rates.CacheWrite1h : rates.CacheWrite,
            _ => null,
        };
        if (rate is not { } r)
        {
            return null;
        }

        var global = crossRegion == "global";
        if (global != rates.ListedGlobal)
        {
            r = global ? r / (1 + GeoPremium) : r * (1 + GeoPremium);
        }

        return pricingMode switch
        {
            "on-demand" => r,
            "batch" => r * BatchFactor,
            _ => null,
        };
    }

    /// <summary>tokens × rate / 1M: 2,500,000 tokens at $3.00 → $7.50.</summary>
    public static decimal Cost(long tokens, decimal ratePerMillion) => tokens * ratePerMillion / 1_000_000m;
}
