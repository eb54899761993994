using System.Globalization;
using FinOpsDashboard.Domain.Classification;
using FinOpsDashboard.Tests;
using FsCheck;
using FsCheck.Fluent;

namespace FinOpsDashboard.Domain.Tests.Classification;

/// <summary>
/// Properties of <see cref="UsageTypeClassifier"/>: any input gets an answer from the documented value sets, and usage
/// types built from their documented parts (docs: aws-apis.md, "USAGE_TYPE shapes") classify back to those parts.
/// </summary>
public class UsageTypeClassifierPropertyTests
{
    private static readonly HashSet<string> Directions =
        ["input", "output", "cache-read", "cache-write", "image", "audio", "model-units", "training", "storage", "search-units", "other"];

    private static readonly HashSet<string> PricingModes = ["on-demand", "batch", "flex", "priority", "provisioned", "custom-model", "customization"];

    private static readonly Dictionary<string, decimal> Units = new()
    {
        ["1K tokens"] = 1_000m,
        ["1M tokens"] = 1_000_000m,
        ["hours"] = 1m,
        ["units"] = 1m,
    };

    [Fact]
    public void AnyUsageTypeAndServiceName_GetsAnAnswerFromTheDocumentedSets()
    {
        var cases = Gen.Zip(UsageTypeFuzz, ServiceNameFuzz).ToArbitrary();

        Properties.Check(nameof(AnyUsageTypeAndServiceName_GetsAnAnswerFromTheDocumentedSets), Prop.ForAll(cases, c =>
        {
            var (usageType, serviceName) = c;
            var result = UsageTypeClassifier.Classify(usageType, serviceName);
            AssertWellFormed(usageType, result);
        }), maxTest: 3_000, endSize: 60);
    }

    [Fact]
    public void UsageTypesBuiltFromTheirParts_ClassifyBackToThoseParts()
    {
        Properties.Check(nameof(UsageTypesBuiltFromTheirParts_ClassifyBackToThoseParts), Prop.ForAll(Built.ToArbitrary(), built =>
        {
            var result = UsageTypeClassifier.Classify(built.UsageType, built.ServiceName);

            Assert.Equal(built.Expected, result);
            AssertWellFormed(built.UsageType, result);
        }), maxTest: 2_000);
    }

    [Fact]
    public void ABuiltUsageTypeWithOneCharacterChanged_StillGetsAWellFormedAnswer()
    {
        // Mutations of real shapes reach deep into the parsers where random text stops at the region code.
        var mutated =
            from built in Built
            from position in Gen.Choose(0, built.UsageType.Length)
            from kind in Gen.Choose(0, 2)
            from c in Gen.Elements('-', '_', ':', '.', ' ', 'x', '1', '\u00e9', '\ud800', '\0')
            select Mutate(built.UsageType, position, kind, c);

        Properties.Check(nameof(ABuiltUsageTypeWithOneCharacterChanged_StillGetsAWellFormedAnswer), Prop.ForAll(
            Gen.Zip(mutated, ServiceNameFuzz).ToArbitrary(),
            c => AssertWellFormed(c.Item1, UsageTypeClassifier.Classify(c.Item1, c.Item2))), maxTest: 2_000);
    }

    /// <summary>The answer's invariants, whatever the input.</summary>
    private static void AssertWellFormed(string usageType, UsageTypeClassification result)
    {
        Assert.Equal(usageType, result.UsageType);
        Assert.False(string.IsNullOrEmpty(result.Model));
        Assert.Contains(result.Direction, Directions);
        Assert.Contains(result.PricingMode, PricingModes);
        Assert.Contains(result.CrossRegion, new[] { "none", "global" });
        Assert.Contains(result.CacheTtl, new[] { null, "5m", "1h" });
        Assert.Contains(result.Commitment, new[] { null, "none", "1-month", "6-month" });
        Assert.True(Units.TryGetValue(result.QuantityUnit, out var tokensPerUnit), $"Unknown unit '{result.QuantityUnit}'.");
        Assert.Equal(tokensPerUnit, result.TokensPerQuantityUnit);

        // A TTL belongs to cache writes only, a commitment to provisioned throughput only.
        Assert.Equal(result.Direction == "cache-write", result.CacheTtl is not null);
        Assert.Equal(result.PricingMode == "provisioned", result.Commitment is not null);
        Assert.Equal(result.Direction == "model-units", result.PricingMode == "provisioned");
        if (result.Region is not null)
        {
            Assert.Equal(result.Region.ToLowerInvariant(), result.Region);
        }

        if (!result.Classified)
        {
            Assert.Equal(("other", "on-demand", "none", "units"), (result.Direction, result.PricingMode, result.CrossRegion, result.QuantityUnit));
        }
    }

    private static string Mutate(string text, int position, int kind, char c) => kind switch
    {
        0 => text.Insert(position, c.ToString()),
        1 when position < text.Length => text.Remove(position, 1),
        _ when position < text.Length => text.Remove(position, 1).Insert(position, c.ToString()),
        _ => text + c,
    };

    // ---- Fuzz: arbitrary text, and text made of the pieces real usage types are made of ----

    private static readonly string[] Pieces =
    [
        "USE1", "USW2", "EU", "APAC", "XYZ9", "MP:", "USE1_", "-", "_", ":", ".", "-Units", "input", "-input-tokens", "-output-tokens",
        "-input-token-count", "-cache-read-input-token-count", "-cache-write-input-token-count", "-output-image-token-count",
        "-input-audio-token-count", "-1-hour", "-1h", "-5m", "_1h", "-cross-region-global", "-batch", "-flex", "-priority", "-standard",
        "-custom-model", "-mantle-", "cache-read-tokens", "cache-write-tokens", "input-tokens", "-global", "_global", "_standard", "_batch",
        "ProvisionedThroughput", "-ProvisionedThroughput-", "ProvisionedThroughput_", "_ModelUnits", "-ModelUnits", "_Usage", "NoCommit",
        "1month", "6month", "1MonthCommit", "SixMonths", "-Customization-", "Training", "Storage", "-search-units", "InputTokenCount",
        "CacheWrite1hInputTokenCount", "CacheReadInputTokenCount", "input_tokens", "cache_write_tokens", "_Global", "long_ctx", "_long_ctx",
        "Claude4.6Sonnet", "Claude3Haiku", "Nova2.0Lite", "NovaPro", "Llama3-2-1B", "Llama3-", "anthropic.claude-sonnet-4-6",
        "anthropic.claude-", "xai.grok-4.3", "us.", "TitanEmbeddingV2-Text", " ", "\t", "\u00e9", "\u4e2d", "\ud83d\ude00", "\ud800", "\0", "1", "99",
    ];

    /// <summary>Any character: ASCII, separators, letters elsewhere in Unicode, lone surrogates, control characters.</summary>
    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (6, Gen.Choose(32, 126).Select(i => (char)i)),
        (2, Gen.Elements('-', '_', ':', '.', ' ')),
        (1, Gen.Choose(0, 31).Select(i => (char)i)),
        (1, Gen.Choose(127, 0xFFFF).Select(i => (char)i)));

    private static readonly Gen<string> RandomText = Gen.ArrayOf(AnyChar).Select(chars => new string(chars));

    private static readonly Gen<string> PieceText = Gen.ListOf(Gen.Frequency(
        (4, Gen.Elements(Pieces)),
        (1, RandomText.Select(t => t.Length > 4 ? t[..4] : t)))).Select(parts => string.Concat(parts));

    private static readonly Gen<string> UsageTypeFuzz = Gen.Frequency((1, RandomText), (3, PieceText));

    private static readonly Gen<string?> ServiceNameFuzz = Gen.Frequency(
        (2, Gen.Constant<string?>(null)),
        (1, Gen.Elements<string?>("Amazon Bedrock", "AmazonBedrockService", "Amazon Bedrock Service", "(Amazon Bedrock Edition)", " (Amazon Bedrock Edition) ")),
        (1, RandomText.Select(t => (string?)t)),
        (2, RandomText.Select(t => (string?)(t + " (Amazon Bedrock Edition)"))));

    // ---- Round trip: usage types built from documented parts, with the classification they must get ----

    /// <summary>A usage type, the service name it is billed under, and the classification its parts say.</summary>
    public sealed record BuiltUsageType(string UsageType, string? ServiceName, UsageTypeClassification Expected)
    {
        public override string ToString() => $"{UsageType} | {ServiceName ?? "(no service name)"}";
    }

    private const string K = "1K tokens";
    private const string M = "1M tokens";

    /// <summary>Region code prefix and the region it names: table codes, geos, an unknown code, or none.</summary>
    private static readonly Gen<(string Prefix, string? Region)> RegionPart = Gen.Frequency(
        (6, Gen.Elements(
            ("USE1", "us-east-1"), ("USW2", "us-west-2"), ("EUW1", "eu-west-1"), ("EUC1", "eu-central-1"), ("APN1", "ap-northeast-1"),
            ("APS3", "ap-south-1"), ("SAE1", "sa-east-1"), ("CAN1", "ca-central-1"), ("UGW1", "us-gov-west-1"), ("MEC1", "me-central-1"))
            .Select(r => (r.Item1, (string?)r.Item2))),
        (2, Gen.Elements("EU", "US", "APAC", "JP", "AU").Select(g => (g, (string?)g.ToLowerInvariant()))),
        (1, Gen.Elements("XYZ9", "ZZZ1", "QQ").Select(c => (c, (string?)c.ToLowerInvariant()))),
        (1, Gen.Constant<(string, string?)>((string.Empty, null))));

    private static readonly Gen<string> ClaudeFamily = Gen.Elements("Haiku", "Sonnet", "Opus");

    /// <summary>A usage-type model segment and its canonical name, generated the way the catalog's rules name them.</summary>
    private static readonly Gen<(string Fragment, string Model)> ModelPart = Gen.OneOf(
        // Claude: "Claude3.5Sonnet" → "Claude 3.5 Sonnet" below 4, "Claude4.6Sonnet" → "Claude Sonnet 4.6" from 4 on.
        from major in Gen.Choose(1, 9)
        from minor in Gen.Choose(-1, 9)
        from family in ClaudeFamily
        let version = minor < 0 ? major.ToString(CultureInfo.InvariantCulture) : $"{major}.{minor}"
        select ("Claude" + version + family, major >= 4 ? $"Claude {family} {version}" : $"Claude {version} {family}"),
        from generation in Gen.Choose(0, 3)
        from name in Gen.Elements("Pro", "Lite", "Micro", "Premier", "Canvas", "Reel", "Sonic", "Omni")
        select generation == 0 ? ("Nova" + name, "Nova " + name) : ($"Nova{generation}.0{name}", $"Nova {generation} {name}"),
        from major in Gen.Choose(2, 4)
        from minor in Gen.Choose(0, 3)
        from size in Gen.Elements("1B", "3B", "8B", "11B", "70B", "90B", "405B")
        select minor == 0 ? ($"Llama{major}-{size}", $"Llama {major} {size}") : ($"Llama{major}-{minor}-{size}", $"Llama {major}.{minor} {size}"),
        Gen.Elements(
            ("MistralSmall", "Mistral Small"), ("MistralLarge", "Mistral Large"), ("Mixtral8x7B", "Mixtral 8x7B Instruct"),
            ("TitanEmbeddingV2-Text", "Titan Text Embeddings V2"), ("TitanTextExpress", "Titan Text G1 - Express"), ("Claude2.1", "Claude 2.1")),

        // A model the catalog does not know keeps its segment as the name (digits and dots, no dashes: one segment).
        from head in Gen.Elements("Zeta", "Qwen", "Jamba", "Palmyra", "Rerank")
        from tail in Gen.Elements(string.Empty, "3", "1.5", "X", "Large2")
        select (head + tail, head + tail));

    private static readonly (string Marker, string Direction)[] TokenMarkers =
    [
        ("-input-tokens", "input"), ("-output-tokens", "output"), ("-input-token-count", "input"), ("-output-token-count", "output"),
        ("-cache-read-input-token-count", "cache-read"), ("-cache-write-input-token-count", "cache-write"),
        ("-output-image-token-count", "image"), ("-input-image-token-count", "image"), ("-output-audio-token-count", "audio"), ("-input-audio-token-count", "audio"),
    ];

    /// <summary>Tier suffix and the pricing mode it means; "" is on-demand.</summary>
    private static readonly Gen<(string Word, string Mode)> TierPart = Gen.Elements(
        (string.Empty, "on-demand"), ("batch", "batch"), ("flex", "flex"), ("priority", "priority"), ("standard", "on-demand"));

    /// <summary>AmazonBedrock shapes: "USE1-Claude4.6Sonnet-cache-write-input-token-count-1-hour-cross-region-global-batch".</summary>
    private static readonly Gen<BuiltUsageType> BedrockTokens =
        from region in RegionPart
        from model in ModelPart
        from marker in Gen.Elements(TokenMarkers)
        from tier in Gen.Frequency((5, TierPart), (1, Gen.Constant(("custom-model", "custom-model"))))
        from global in Gen.Elements(false, true)
        from ttl in Gen.Elements<string?>(null, "1-hour", "1h", "5m")
        from shuffle in Gen.Elements(false, true)
        let cacheTtl = marker.Direction == "cache-write" ? ttl : null
        let suffixes = new[] { cacheTtl, global ? "cross-region-global" : null, tier.Item1.Length > 0 ? tier.Item1 : null }.OfType<string>().ToArray()
        let ordered = shuffle ? Enumerable.Reverse(suffixes).ToArray() : suffixes
        let usageType = Prefix(region.Prefix, "-") + model.Fragment + marker.Marker + string.Concat(ordered.Select(s => "-" + s))
        select new BuiltUsageType(usageType, null, new UsageTypeClassification(
            usageType, model.Model, region.Region, marker.Direction, tier.Item2, global ? "global" : "none",
            marker.Direction == "cache-write" ? (cacheTtl is "1-hour" or "1h" ? "1h" : "5m") : null, null, true, K, 1_000m));

    private static readonly Gen<BuiltUsageType> BedrockProvisioned =
        from region in RegionPart
        from model in ModelPart
        from term in Gen.Elements(("NoCommit", "none"), ("1month", "1-month"), ("6month", "6-month"))
        let usageType = $"{Prefix(region.Prefix, "-")}{model.Fragment}-ProvisionedThroughput-{term.Item1}-ModelUnits"
        select new BuiltUsageType(usageType, null, new UsageTypeClassification(
            usageType, model.Model, region.Region, "model-units", "provisioned", "none", null, term.Item2, true, "hours", 1m));

    private static readonly Gen<BuiltUsageType> BedrockCustomization =
        from region in RegionPart
        from model in ModelPart
        from charge in Gen.Elements(("Training", "training"), ("Storage", "storage"))
        let usageType = $"{Prefix(region.Prefix, "-")}{model.Fragment}-Customization-{charge.Item1}"
        select new BuiltUsageType(usageType, null, new UsageTypeClassification(
            usageType, model.Model, region.Region, charge.Item2, "customization", "none", null, null, true, "units", 1m));

    /// <summary>"USW2-anthropic.claude-opus-4-8-mantle-cache-write-tokens-1h-global-standard": the model id, per million tokens.</summary>
    private static readonly Gen<BuiltUsageType> Mantle =
        from region in RegionPart
        from model in Gen.OneOf(
            from family in ClaudeFamily
            from major in Gen.Choose(4, 9)
            from minor in Gen.Choose(0, 9)
            select ($"anthropic.claude-{family.ToLowerInvariant()}-{major}-{minor}", $"Claude {family} {major}.{minor}"),
            Gen.Elements(("openai.gpt-oss-120b", "gpt-oss-120b"), ("openai.gpt-oss-20b", "gpt-oss-20b"), ("xai.grok-4.3", "Grok 4.3"), ("amazon.nova-pro-v1", "Nova Pro")))
        from direction in Gen.Elements(("input-tokens", "input"), ("output-tokens", "output"), ("cache-read-tokens", "cache-read"), ("cache-write-tokens", "cache-write"))
        from ttl in Gen.Elements(false, true)
        from global in Gen.Elements(false, true)
        from tier in TierPart
        let isWrite = direction.Item2 == "cache-write"
        let suffix = (isWrite && ttl ? "-1h" : string.Empty) + (global ? "-global" : string.Empty) + (tier.Item1.Length > 0 ? "-" + tier.Item1 : string.Empty)
        let usageType = $"{Prefix(region.Prefix, "-")}{model.Item1}-mantle-{direction.Item1}{suffix}"
        select new BuiltUsageType(usageType, null, new UsageTypeClassification(
            usageType, model.Item2, region.Region, direction.Item2, tier.Item2, global ? "global" : "none", isWrite ? (ttl ? "1h" : "5m") : null, null, true, M, 1_000_000m));

    /// <summary>Marketplace model from the service name: any name before " (Amazon Bedrock Edition)", trimmed; none → "(marketplace)".</summary>
    private static readonly Gen<(string? ServiceName, string Model)> MarketplaceService = Gen.Frequency(
        (4, Gen.Elements("Claude Haiku 4.5", "Claude 3 Haiku", "Claude Sonnet 4.6", "Command R+", "Jamba 1.5 Large", "Ünïcødé 模型 2")
            .Select(m => ((string?)(m + " (Amazon Bedrock Edition)"), m))),
        (1, Gen.Elements<string?>(null, "Amazon Bedrock", "AWS Marketplace").Select(s => (s, UsageTypeClassifier.MarketplaceModel))));

    /// <summary>Older CamelCase ("USE1-MP:USE1_CacheWrite1hInputTokenCount_Global_Batch-Units") and newer snake_case shapes.</summary>
    private static readonly Gen<BuiltUsageType> Marketplace =
        from region in RegionPart.Where(r => r.Prefix.Length > 0)
        from inner in Gen.Elements(true, false)
        from service in MarketplaceService
        from shape in Gen.OneOf(
            from charge in Gen.Elements(
                ("InputTokenCount", "input", (string?)null), ("OutputTokenCount", "output", null), ("CacheReadInputTokenCount", "cache-read", null),
                ("CacheWriteInputTokenCount", "cache-write", "5m"), ("CacheWrite1hInputTokenCount", "cache-write", "1h"), ("CacheWrite5mInputTokenCount", "cache-write", "5m"))
            from global in Gen.Elements(false, true)
            from batch in Gen.Elements(false, true)
            select (charge.Item1 + (global ? "_Global" : string.Empty) + (batch ? "_Batch" : string.Empty), charge.Item2, batch ? "batch" : "on-demand", global, charge.Item3),
            from charge in Gen.Elements(("input_tokens", "input"), ("output_tokens", "output"), ("cache_read_tokens", "cache-read"), ("cache_write_tokens", "cache-write"))
            from ttl in Gen.Elements(false, true)
            from longContext in Gen.Elements(false, true)
            from global in Gen.Elements(false, true)
            from tier in TierPart.Where(t => t.Item1.Length > 0)
            let isWrite = charge.Item2 == "cache-write"
            select (charge.Item1 + (isWrite && ttl ? "_1h" : string.Empty) + (longContext ? "_long_ctx" : string.Empty) + (global ? "_global" : string.Empty) + "_" + tier.Item1,
                charge.Item2, tier.Item2, global, isWrite ? (ttl ? "1h" : "5m") : null))
        let usageType = $"{region.Prefix}-MP:{(inner ? region.Prefix + "_" : string.Empty)}{shape.Item1}-Units"
        select new BuiltUsageType(usageType, service.ServiceName, new UsageTypeClassification(
            usageType, service.Model, region.Region, shape.Item2, shape.Item3, shape.Item4 ? "global" : "none", shape.Item5, null, true, M, 1_000_000m));

    private static readonly Gen<BuiltUsageType> MarketplaceProvisioned =
        from region in RegionPart.Where(r => r.Prefix.Length > 0)
        from service in MarketplaceService
        from term in Gen.Elements(("NoCommit", "none"), ("1MonthCommit", "1-month"), ("6MonthCommit", "6-month"), ("OneMonth", "1-month"), ("SixMonths", "6-month"))
        from usage in Gen.Elements("_ModelUnits_Usage", "_ModelUnits")
        let usageType = $"{region.Prefix}-MP:{region.Prefix}_ProvisionedThroughput_{term.Item1}{usage}-Units"
        select new BuiltUsageType(usageType, service.ServiceName, new UsageTypeClassification(
            usageType, service.Model, region.Region, "model-units", "provisioned", "none", null, term.Item2, true, "hours", 1m));

    private static readonly Gen<BuiltUsageType> Built = Gen.Frequency(
        (6, BedrockTokens), (1, BedrockProvisioned), (1, BedrockCustomization), (2, Mantle), (3, Marketplace), (1, MarketplaceProvisioned));

    private static string Prefix(string code, string separator) => code.Length == 0 ? string.Empty : code + separator;
}
