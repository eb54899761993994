namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>USD per 1M tokens for one route of a model (cache write = 5-minute TTL; 1-hour TTL separate).</summary>
public sealed record DemoRates(decimal Input, decimal Output, decimal CacheRead = 0m, decimal CacheWrite = 0m, decimal CacheWrite1h = 0m)
{
    public decimal For(DemoChargeKind kind) => kind switch
    {
        DemoChargeKind.Input => Input,
        DemoChargeKind.Output => Output,
        DemoChargeKind.CacheRead => CacheRead,
        DemoChargeKind.CacheWrite => CacheWrite,
        DemoChargeKind.CacheWrite1h => CacheWrite1h,
        _ => 0m,
    };
}

/// <summary>A model's rates: <c>Regional</c> applies in-region and on geo profiles (us.), <c>Global</c> on global profiles.</summary>
public sealed record DemoModelPrices(DemoRates Regional, DemoRates Global);

/// <summary>
/// The demo's one price table (aws-apis.md's representative prices). Every demo charge is
/// tokens / 1,000,000 x rate, so tests and reconciliation can recompute any line from here.
/// Simplifications, stated once: Opus 4.8 and Haiku 4.5 are billed at the table's listed rates on their us.
/// profiles too (only Sonnet 4.6 carries a separate geo rate, 10 % above global); Nova cache writes are free;
/// there are no upfront commitments, so AmortizedCost equals UnblendedCost on every line.
/// </summary>
public static class DemoPrices
{
    /// <summary>Batch inference: 50 % of on-demand.</summary>
    public const decimal BatchMultiplier = 0.50m;

    /// <summary>Flex tier: 50 % of standard (Large scale only).</summary>
    public const decimal FlexMultiplier = 0.50m;

    /// <summary>Priority tier: 175 % of standard (Large scale only).</summary>
    public const decimal PriorityMultiplier = 1.75m;

    /// <summary>Nova 2 Lite, us-east-1, 1-month commitment: USD per model-unit hour.</summary>
    public const decimal Nova2LitePtOneMonthPerModelUnitHour = 55.00m;

    public static readonly DemoRates NovaMicro = new(0.035m, 0.14m, 0.00875m);
    public static readonly DemoRates NovaLite = new(0.06m, 0.24m, 0.015m);
    public static readonly DemoRates NovaPro = new(0.80m, 3.20m, 0.20m);
    public static readonly DemoRates Nova2Lite = new(0.30m, 2.50m, 0.075m);
    public static readonly DemoRates NovaPremier = new(2.50m, 12.50m, 0.625m);
    public static readonly DemoRates ClaudeHaiku45 = new(1.00m, 5.00m, 0.10m, 1.25m, 2.00m);
    public static readonly DemoRates ClaudeSonnet46Global = new(3.00m, 15.00m, 0.30m, 3.75m, 6.00m);
    public static readonly DemoRates ClaudeSonnet46Geo = new(3.30m, 16.50m, 0.33m, 4.125m, 6.60m);
    public static readonly DemoRates ClaudeOpus48 = new(5.00m, 25.00m, 0.50m, 6.25m, 10.00m);
    public static readonly DemoRates Llama3Instruct70B = new(2.65m, 3.50m);
    public static readonly DemoRates TitanEmbedTextV2 = new(0.02m, 0m);

    private static readonly Dictionary<string, DemoModelPrices> Table = new(StringComparer.Ordinal)
    {
        [DemoCatalog.NovaMicro] = Same(NovaMicro),
        [DemoCatalog.NovaLite] = Same(NovaLite),
        [DemoCatalog.NovaPro] = Same(NovaPro),
        [DemoCatalog.Nova2Lite] = Same(Nova2Lite),
        [DemoCatalog.ClaudeHaiku45] = Same(ClaudeHaiku45),
        [DemoCatalog.ClaudeSonnet46] = new(ClaudeSonnet46Geo, ClaudeSonnet46Global),
        [DemoCatalog.ClaudeOpus48] = Same(ClaudeOpus48),
        [DemoCatalog.Llama3Instruct70B] = Same(Llama3Instruct70B),
        [DemoCatalog.TitanEmbedTextV2] = Same(TitanEmbedTextV2),

        // Large scale's extra catalogue.
        [DemoCatalog.NovaPremier] = Same(NovaPremier),
        [DemoCatalog.Llama3Instruct8B] = Same(new(0.30m, 0.60m)),
        [DemoCatalog.Llama31Instruct8B] = Same(new(0.22m, 0.22m)),
        [DemoCatalog.Llama31Instruct70B] = Same(new(0.72m, 0.72m)),
        [DemoCatalog.Llama32Instruct1B] = Same(new(0.10m, 0.10m)),
        [DemoCatalog.Llama32Instruct3B] = Same(new(0.15m, 0.15m)),
        [DemoCatalog.Llama32Instruct11B] = Same(new(0.16m, 0.16m)),
        [DemoCatalog.Llama33Instruct70B] = Same(new(0.72m, 0.72m)),
        [DemoCatalog.Llama4Scout] = Same(new(0.17m, 0.66m)),
        [DemoCatalog.Llama4Maverick] = Same(new(0.24m, 0.97m)),
        [DemoCatalog.Mistral7B] = Same(new(0.15m, 0.20m)),
        [DemoCatalog.Mixtral8x7B] = Same(new(0.45m, 0.70m)),
        [DemoCatalog.MistralSmall] = Same(new(1.00m, 3.00m)),
        [DemoCatalog.MistralLarge] = Same(new(4.00m, 12.00m)),
        [DemoCatalog.TitanTextLite] = Same(new(0.15m, 0.20m)),
        [DemoCatalog.TitanEmbedTextV1] = Same(new(0.10m, 0m)),
        [DemoCatalog.Claude3Haiku] = Same(new(0.25m, 1.25m)),
        [DemoCatalog.Claude35Haiku] = Same(new(0.80m, 4.00m, 0.08m, 1.00m, 1.60m)),
        [DemoCatalog.ClaudeSonnet45] = new(new(3.30m, 16.50m, 0.33m, 4.125m, 6.60m), new(3.00m, 15.00m, 0.30m, 3.75m, 6.00m)),
        [DemoCatalog.ClaudeSonnet4] = new(new(3.30m, 16.50m, 0.33m, 4.125m, 6.60m), new(3.00m, 15.00m, 0.30m, 3.75m, 6.00m)),
        [DemoCatalog.ClaudeOpus45] = Same(new(5.00m, 25.00m, 0.50m, 6.25m, 10.00m)),
    };

    public static DemoModelPrices For(string modelKey) =>
        Table.TryGetValue(modelKey, out var prices) ? prices : throw new KeyNotFoundException($"No demo price for model '{modelKey}'.");

    public static decimal ModeMultiplier(DemoPricingMode mode) => mode switch
    {
        DemoPricingMode.Batch => BatchMultiplier,
        DemoPricingMode.Flex => FlexMultiplier,
        DemoPricingMode.Priority => PriorityMultiplier,
        _ => 1m,
    };

    /// <summary>USD per 1M tokens of one charge: e.g. Sonnet 4.6 global input on-demand = 3.00; Nova Lite output batch = 0.24 x 0.5 = 0.12.</summary>
    public static decimal RatePerMillion(string modelKey, DemoRoute route, DemoPricingMode mode, DemoChargeKind kind)
    {
        var prices = For(modelKey);
        var rates = route == DemoRoute.Global ? prices.Global : prices.Regional;
        return rates.For(kind) * ModeMultiplier(mode);
    }

    /// <summary>tokens / 1M x rate, rounded to 10 decimals (Cost Explorer's precision): 1,234,567 tokens at 3.30 = 4.0740711.</summary>
    public static decimal Cost(long tokens, decimal ratePerMillion) =>
        Math.Round(tokens * ratePerMillion / 1_000_000m, 10, MidpointRounding.AwayFromZero);

    private static DemoModelPrices Same(DemoRates rates) => new(rates, rates);
}
