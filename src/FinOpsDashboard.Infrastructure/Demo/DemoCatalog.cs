namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>How a model's usage shows up in the bill.</summary>
public enum DemoBillingForm
{
    /// <summary>Service "Amazon Bedrock", usage types like USE1-NovaPro-input-tokens; quantity in thousands of tokens.</summary>
    Bedrock,

    /// <summary>Service "Amazon Bedrock Service" (some Claude 4.x), same usage-type shape; quantity in thousands of tokens.</summary>
    BedrockService,

    /// <summary>Marketplace edition, newer usage types (USE1-MP:USE1_input_tokens_standard-Units); quantity in millions.</summary>
    MarketplaceNew,

    /// <summary>Marketplace edition, older usage types (USE1-MP:USE1_InputTokenCount-Units); quantity in millions.</summary>
    MarketplaceOld,
}

/// <summary>How callers reach the model: the route decides the CloudWatch ModelId and the cross-region suffix.</summary>
public enum DemoRoute
{
    InRegion,

    /// <summary>A geo profile such as us.anthropic...: billed under the plain in-region usage type.</summary>
    GeoProfile,

    /// <summary>A global profile: usage types gain -cross-region-global.</summary>
    Global,

    Provisioned,
}

public enum DemoPricingMode
{
    OnDemand,
    Batch,
    Flex,
    Priority,
    ProvisionedOneMonth,
}

public enum DemoChargeKind
{
    Input,
    Output,
    CacheRead,

    /// <summary>Cache write with the default 5-minute TTL.</summary>
    CacheWrite,
    CacheWrite1h,
    ModelUnitHours,
}

/// <summary>A foundation model as the demo bills and meters it.</summary>
public sealed record DemoModel(
    string Key,
    string Name,
    string Family,
    DemoBillingForm Form,
    string Service,
    string UsageToken,
    string ModelId,
    string? GeoProfileId = null,
    string? GlobalProfileId = null,
    bool IsEmbedding = false,
    bool SupportsCache = false,
    double BaseLatencyMs = 400,
    double LatencyMsPerOutputToken = 10)
{
    public DemoModelPrices Prices => DemoPrices.For(Key);
}

/// <summary>The demo's model catalogue: Standard uses the first nine, Large all thirty.</summary>
public static class DemoCatalog
{
    public const string ServiceBedrock = "Amazon Bedrock";
    public const string ServiceBedrockService = "Amazon Bedrock Service";

    public const string NovaMicro = "nova-micro";
    public const string NovaLite = "nova-lite";
    public const string NovaPro = "nova-pro";
    public const string Nova2Lite = "nova-2-lite";
    public const string ClaudeHaiku45 = "claude-haiku-4.5";
    public const string ClaudeSonnet46 = "claude-sonnet-4.6";
    public const string ClaudeOpus48 = "claude-opus-4.8";
    public const string Llama3Instruct70B = "llama3-70b";
    public const string TitanEmbedTextV2 = "titan-embed-text-v2";

    public const string NovaPremier = "nova-premier";
    public const string Llama3Instruct8B = "llama3-8b";
    public const string Llama31Instruct8B = "llama3.1-8b";
    public const string Llama31Instruct70B = "llama3.1-70b";
    public const string Llama32Instruct1B = "llama3.2-1b";
    public const string Llama32Instruct3B = "llama3.2-3b";
    public const string Llama32Instruct11B = "llama3.2-11b";
    public const string Llama33Instruct70B = "llama3.3-70b";
    public const string Llama4Scout = "llama4-scout-17b";
    public const string Llama4Maverick = "llama4-maverick-17b";
    public const string Mistral7B = "mistral-7b";
    public const string Mixtral8x7B = "mixtral-8x7b";
    public const string MistralSmall = "mistral-small";
    public const string MistralLarge = "mistral-large";
    public const string TitanTextLite = "titan-text-lite";
    public const string TitanEmbedTextV1 = "titan-embed-text-v1";
    public const string Claude3Haiku = "claude-3-haiku";
    public const string Claude35Haiku = "claude-3.5-haiku";
    public const string ClaudeSonnet45 = "claude-sonnet-4.5";
    public const string ClaudeSonnet4 = "claude-sonnet-4";
    public const string ClaudeOpus45 = "claude-opus-4.5";

    public static IReadOnlyList<DemoModel> StandardModels { get; } =
    [
        new(NovaMicro, "Nova Micro", "Nova", DemoBillingForm.Bedrock, ServiceBedrock, "NovaMicro", "amazon.nova-micro-v1:0",
            SupportsCache: true, BaseLatencyMs: 180, LatencyMsPerOutputToken: 2.5),
        new(NovaLite, "Nova Lite", "Nova", DemoBillingForm.Bedrock, ServiceBedrock, "NovaLite", "amazon.nova-lite-v1:0",
            SupportsCache: true, BaseLatencyMs: 240, LatencyMsPerOutputToken: 3.5),
        new(NovaPro, "Nova Pro", "Nova", DemoBillingForm.Bedrock, ServiceBedrock, "NovaPro", "amazon.nova-pro-v1:0",
            SupportsCache: true, BaseLatencyMs: 380, LatencyMsPerOutputToken: 6),
        new(Nova2Lite, "Nova 2 Lite", "Nova", DemoBillingForm.Bedrock, ServiceBedrock, "Nova2.0Lite", "amazon.nova-2-lite-v1:0",
            SupportsCache: true, BaseLatencyMs: 260, LatencyMsPerOutputToken: 3.5),
        new(ClaudeHaiku45, "Claude Haiku 4.5", "Claude", DemoBillingForm.MarketplaceNew, "Claude Haiku 4.5 (Amazon Bedrock Edition)",
            "ClaudeHaiku4.5", "anthropic.claude-haiku-4-5-20251001-v1:0",
            GeoProfileId: "us.anthropic.claude-haiku-4-5-20251001-v1:0", GlobalProfileId: "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            SupportsCache: true, BaseLatencyMs: 350, LatencyMsPerOutputToken: 5),
        new(ClaudeSonnet46, "Claude Sonnet 4.6", "Claude", DemoBillingForm.BedrockService, ServiceBedrockService, "Claude4.6Sonnet",
            "anthropic.claude-sonnet-4-6", GeoProfileId: "us.anthropic.claude-sonnet-4-6", GlobalProfileId: "global.anthropic.claude-sonnet-4-6",
            SupportsCache: true, BaseLatencyMs: 900, LatencyMsPerOutputToken: 14),
        new(ClaudeOpus48, "Claude Opus 4.8", "Claude", DemoBillingForm.BedrockService, ServiceBedrockService, "Claude4.8Opus",
            "anthropic.claude-opus-4-8", GeoProfileId: "us.anthropic.claude-opus-4-8", GlobalProfileId: "global.anthropic.claude-opus-4-8",
            SupportsCache: true, BaseLatencyMs: 1400, LatencyMsPerOutputToken: 22),
        new(Llama3Instruct70B, "Llama 3 70B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-70B",
            "meta.llama3-70b-instruct-v1:0", BaseLatencyMs: 600, LatencyMsPerOutputToken: 12),
        new(TitanEmbedTextV2, "Titan Text Embeddings V2", "Titan", DemoBillingForm.Bedrock, ServiceBedrock, "TitanEmbeddingV2-Text",
            "amazon.titan-embed-text-v2:0", IsEmbedding: true, BaseLatencyMs: 45, LatencyMsPerOutputToken: 0),
    ];

    /// <summary>The 21 models Large scale adds, so it meters 30.</summary>
    public static IReadOnlyList<DemoModel> LargeExtraModels { get; } =
    [
        new(NovaPremier, "Nova Premier", "Nova", DemoBillingForm.Bedrock, ServiceBedrock, "NovaPremier", "amazon.nova-premier-v1:0",
            SupportsCache: true, BaseLatencyMs: 700, LatencyMsPerOutputToken: 12),
        new(Llama3Instruct8B, "Llama 3 8B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-8B", "meta.llama3-8b-instruct-v1:0",
            BaseLatencyMs: 250, LatencyMsPerOutputToken: 4),
        new(Llama31Instruct8B, "Llama 3.1 8B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-1-8B", "meta.llama3-1-8b-instruct-v1:0",
            BaseLatencyMs: 250, LatencyMsPerOutputToken: 4),
        new(Llama31Instruct70B, "Llama 3.1 70B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-1-70B", "meta.llama3-1-70b-instruct-v1:0",
            BaseLatencyMs: 550, LatencyMsPerOutputToken: 11),
        new(Llama32Instruct1B, "Llama 3.2 1B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-2-1B", "meta.llama3-2-1b-instruct-v1:0",
            BaseLatencyMs: 120, LatencyMsPerOutputToken: 2),
        new(Llama32Instruct3B, "Llama 3.2 3B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-2-3B", "meta.llama3-2-3b-instruct-v1:0",
            BaseLatencyMs: 150, LatencyMsPerOutputToken: 2.5),
        new(Llama32Instruct11B, "Llama 3.2 11B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-2-11B", "meta.llama3-2-11b-instruct-v1:0",
            BaseLatencyMs: 300, LatencyMsPerOutputToken: 5),
        new(Llama33Instruct70B, "Llama 3.3 70B Instruct", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama3-3-70B", "meta.llama3-3-70b-instruct-v1:0",
            BaseLatencyMs: 550, LatencyMsPerOutputToken: 11),
        new(Llama4Scout, "Llama 4 Scout 17B", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama4-Scout-17B", "meta.llama4-scout-17b-instruct-v1:0",
            BaseLatencyMs: 300, LatencyMsPerOutputToken: 5),
        new(Llama4Maverick, "Llama 4 Maverick 17B", "Llama", DemoBillingForm.Bedrock, ServiceBedrock, "Llama4-Maverick-17B", "meta.llama4-maverick-17b-instruct-v1:0",
            BaseLatencyMs: 350, LatencyMsPerOutputToken: 6),
        new(Mistral7B, "Mistral 7B Instruct", "Mistral", DemoBillingForm.Bedrock, ServiceBedrock, "Mistral7B", "mistral.mistral-7b-instruct-v0:2",
            BaseLatencyMs: 200, LatencyMsPerOutputToken: 3),
        new(Mixtral8x7B, "Mixtral 8x7B Instruct", "Mistral", DemoBillingForm.Bedrock, ServiceBedrock, "Mixtral8x7B", "mistral.mixtral-8x7b-instruct-v0:1",
            BaseLatencyMs: 350, LatencyMsPerOutputToken: 6),
        new(MistralSmall, "Mistral Small", "Mistral", DemoBillingForm.Bedrock, ServiceBedrock, "MistralSmall", "mistral.mistral-small-2402-v1:0",
            BaseLatencyMs: 300, LatencyMsPerOutputToken: 5),
        new(MistralLarge, "Mistral Large", "Mistral", DemoBillingForm.Bedrock, ServiceBedrock, "MistralLarge", "mistral.mistral-large-2402-v1:0",
            BaseLatencyMs: 700, LatencyMsPerOutputToken: 12),
        new(TitanTextLite, "Titan Text Lite", "Titan", DemoBillingForm.Bedrock, ServiceBedrock, "TitanTextLite", "amazon.titan-text-lite-v1",
            BaseLatencyMs: 200, LatencyMsPerOutputToken: 3),
        new(TitanEmbedTextV1, "Titan Text Embeddings", "Titan", DemoBillingForm.Bedrock, ServiceBedrock, "TitanEmbedding-Text", "amazon.titan-embed-text-v1",
            IsEmbedding: true, BaseLatencyMs: 50, LatencyMsPerOutputToken: 0),
        new(Claude3Haiku, "Claude 3 Haiku", "Claude", DemoBillingForm.MarketplaceOld, "Claude 3 Haiku (Amazon Bedrock Edition)", "Claude3Haiku",
            "anthropic.claude-3-haiku-20240307-v1:0", GeoProfileId: "us.anthropic.claude-3-haiku-20240307-v1:0",
            BaseLatencyMs: 300, LatencyMsPerOutputToken: 4),
        new(Claude35Haiku, "Claude 3.5 Haiku", "Claude", DemoBillingForm.MarketplaceNew, "Claude 3.5 Haiku (Amazon Bedrock Edition)", "Claude3.5Haiku",
            "anthropic.claude-3-5-haiku-20241022-v1:0", GeoProfileId: "us.anthropic.claude-3-5-haiku-20241022-v1:0",
            GlobalProfileId: "global.anthropic.claude-3-5-haiku-20241022-v1:0", SupportsCache: true, BaseLatencyMs: 330, LatencyMsPerOutputToken: 5),
        new(ClaudeSonnet45, "Claude Sonnet 4.5", "Claude", DemoBillingForm.BedrockService, ServiceBedrockService, "Claude4.5Sonnet",
            "anthropic.claude-sonnet-4-5-20250929-v1:0", GeoProfileId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            GlobalProfileId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", SupportsCache: true, BaseLatencyMs: 950, LatencyMsPerOutputToken: 14),
        new(ClaudeSonnet4, "Claude Sonnet 4", "Claude", DemoBillingForm.BedrockService, ServiceBedrockService, "Claude4Sonnet",
            "anthropic.claude-sonnet-4-20250514-v1:0", GeoProfileId: "us.anthropic.claude-sonnet-4-20250514-v1:0",
            GlobalProfileId: "global.anthropic.claude-sonnet-4-20250514-v1:0", SupportsCache: true, BaseLatencyMs: 950, LatencyMsPerOutputToken: 14),
        new(ClaudeOpus45, "Claude Opus 4.5", "Claude", DemoBillingForm.BedrockService, ServiceBedrockService, "Claude4.5Opus",
            "anthropic.claude-opus-4-5-20251101-v1:0", GeoProfileId: "us.anthropic.claude-opus-4-5-20251101-v1:0",
            GlobalProfileId: "global.anthropic.claude-opus-4-5-20251101-v1:0", SupportsCache: true, BaseLatencyMs: 1500, LatencyMsPerOutputToken: 22),
    ];

    private static readonly Dictionary<string, DemoModel> ByKey =
        StandardModels.Concat(LargeExtraModels).ToDictionary(m => m.Key, StringComparer.Ordinal);

    public static DemoModel Get(string key) =>
        ByKey.TryGetValue(key, out var model) ? model : throw new KeyNotFoundException($"No demo model '{key}'.");
}

/// <summary>Billing region codes the demo uses.</summary>
public static class DemoRegions
{
    public const string UsEast1 = "USE1";
    public const string UsWest2 = "USW2";

    public static string Name(string code) => code switch
    {
        UsEast1 => "us-east-1",
        UsWest2 => "us-west-2",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown demo region code."),
    };
}
