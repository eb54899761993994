using System.Collections.Concurrent;

namespace FinOpsDashboard.Domain.Classification;

/// <summary>
/// Reads a Bedrock usage type ("USE1-NovaPro-cache-read-input-token-count") into model, region, direction and pricing
/// mode. Never throws on an unknown shape: it answers Classified=false so the charge is kept, costed and counted.
/// </summary>
public static class UsageTypeClassifier
{
    public const string UnknownModel = "(unknown)";
    public const string MarketplaceModel = "(marketplace)";

    private const int MaxCachedEntries = 10_000;

    private static readonly ConcurrentDictionary<(string UsageType, string? ServiceName), UsageTypeClassification> Cache = new();
    private static int _cachedCount;

    // Most specific first: the cache markers contain "-input-token", the image and audio ones "-output-"/"-input-".
    private static readonly (string Marker, string Direction)[] TokenMarkers =
    [
        ("-cache-read-input-token-count", "cache-read"),
        ("-cache-write-input-token-count", "cache-write"),
        ("-output-image-token-count", "image"),
        ("-input-image-token-count", "image"),
        ("-output-audio-token-count", "audio"),
        ("-input-audio-token-count", "audio"),
        ("-input-tokens", "input"),
        ("-output-tokens", "output"),
        ("-input-token-count", "input"),
        ("-output-token-count", "output"),
    ];

    // Search units are a guess at the shape (rerank / knowledge-base queries); no bill seen yet.
    private static readonly (string Marker, string Direction, string Mode)[] NonTokenMarkers =
    [
        ("-Customization-Training", "training", "customization"),
        ("-Customization-Storage", "storage", "customization"),
        ("-search-units", "search-units", "on-demand"),
    ];

    private static readonly (string Marker, string Direction)[] MantleDirections =
    [
        ("cache-read-tokens", "cache-read"),
        ("cache-write-tokens", "cache-write"),
        ("input-tokens", "input"),
        ("output-tokens", "output"),
    ];

    // Older Marketplace names are CamelCase; CacheWrite without a TTL is the 5-minute default.
    private static readonly (string Name, string Direction, string? Ttl)[] MarketplaceCamelDirections =
    [
        ("CacheReadInputTokenCount", "cache-read", null),
        ("CacheWriteInputTokenCount", "cache-write", null),
        ("CacheWrite1hInputTokenCount", "cache-write", "1h"),
        ("CacheWrite5mInputTokenCount", "cache-write", "5m"),
        ("InputTokenCount", "input", null),
        ("OutputTokenCount", "output", null),
    ];

    private static readonly (string Prefix, string Direction)[] MarketplaceSnakeDirections =
    [
        ("cache_read_tokens", "cache-read"),
        ("cache_write_tokens", "cache-write"),
        ("input_tokens", "input"),
        ("output_tokens", "output"),
    ];

    private readonly record struct Context(string UsageType, string? Region, bool RegionIsKnown);

    private readonly record struct Units(string QuantityUnit, decimal TokensPerQuantityUnit);

    private static readonly Units ThousandTokens = new("1K tokens", 1_000m);
    private static readonly Units MillionTokens = new("1M tokens", 1_000_000m);
    private static readonly Units Hours = new("hours", 1m);
    private static readonly Units PlainUnits = new("units", 1m);

    /// <summary>Classifies one usage type: "USE1-Claude4Sonnet-input-tokens-cross-region-global" → Claude Sonnet 4, us-east-1, input, on-demand, global, 1K tokens.</summary>
    /// <param name="usageType">The usage type as billed.</param>
    /// <param name="serviceName">The bill's service name; only Marketplace editions need it, since their model is in it.</param>
    public static UsageTypeClassification Classify(string usageType, string? serviceName = null)
    {
        ArgumentNullException.ThrowIfNull(usageType);
        var key = (usageType, serviceName);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = ClassifyUncached(usageType, serviceName);

        // Bounded so a stream of distinct junk values cannot grow memory; the real vocabulary is a few hundred strings.
        if (Volatile.Read(ref _cachedCount) < MaxCachedEntries && Cache.TryAdd(key, result))
        {
            Interlocked.Increment(ref _cachedCount);
        }

        return result;
    }

    private static UsageTypeClassification ClassifyUncached(string usageType, string? serviceName)
    {
        var text = usageType.Trim();
        string? region = null;
        var regionIsKnown = false;
        var rest = text;

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && IsRegionCodeShaped(text.AsSpan(0, dash)))
        {
            var code = text[..dash];
            region = RegionCodes.ToRegionName(code);
            regionIsKnown = RegionCodes.TryGetKnownName(code, out _);
            rest = text[(dash + 1)..];
        }

        var context = new Context(usageType, region, regionIsKnown);
        if (rest.StartsWith("MP:", StringComparison.OrdinalIgnoreCase))
        {
            return ClassifyMarketplace(context, rest[3..], serviceName);
        }

        var mantle = rest.IndexOf("-mantle-", StringComparison.OrdinalIgnoreCase);
        return HasModelBefore(rest, mantle)
            ? ClassifyMantle(context, rest[..mantle], rest[(mantle + "-mantle-".Length)..])
            : ClassifyBedrock(context, rest);
    }

    /// <summary>AmazonBedrock / AmazonBedrockService shapes: "&lt;Model&gt;-&lt;charge&gt;[-suffix...]", quantities in thousands of tokens.</summary>
    private static UsageTypeClassification ClassifyBedrock(Context context, string rest)
    {
        foreach (var (marker, direction) in TokenMarkers)
        {
            var at = rest.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            // The first marker found decides: a later, shorter one ("-input-token-count") is part of the same charge name.
            if (!HasModelBefore(rest, at))
            {
                return Unclassified(context, null);
            }

            var model = ModelCatalog.FromUsageFragment(rest[..at]);
            var modifiers = IsBoundary(rest, at + marker.Length)
                ? ReadModifiers(rest.AsSpan(at + marker.Length), '-', direction == "cache-write")
                : default;
            return modifiers.Valid
                ? Classified(context, model, direction, modifiers.PricingMode ?? "on-demand", modifiers.CrossRegion, CacheTtlFor(direction, modifiers.CacheTtl), null, ThousandTokens)
                : Unclassified(context, model);
        }

        var provisioned = rest.IndexOf("-ProvisionedThroughput-", StringComparison.OrdinalIgnoreCase);
        if (HasModelBefore(rest, provisioned))
        {
            var model = ModelCatalog.FromUsageFragment(rest[..provisioned]);
            var tail = rest.AsSpan(provisioned + "-ProvisionedThroughput-".Length);
            var end = tail.IndexOf('-');
            var commitment = end > 0 ? ReadCommitment(tail[..end]) : null;
            return commitment is not null && tail[(end + 1)..].Equals("ModelUnits", StringComparison.OrdinalIgnoreCase)
                ? Classified(context, model, "model-units", "provisioned", "none", null, commitment, Hours)
                : Unclassified(context, model);
        }

        foreach (var (marker, direction, mode) in NonTokenMarkers)
        {
            var at = rest.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (HasModelBefore(rest, at) && at + marker.Length == rest.Length)
            {
                return Classified(context, ModelCatalog.FromUsageFragment(rest[..at]), direction, mode, "none", null, null, PlainUnits);
            }
        }

        return Unclassified(context, ReadableModel(rest));
    }

    /// <summary>OpenAI/Anthropic-compatible endpoint: "&lt;provider.model&gt;-mantle-&lt;direction&gt;-tokens[-1h][-global]-&lt;tier&gt;".</summary>
    private static UsageTypeClassification ClassifyMantle(Context context, string fragment, string tail)
    {
        var model = ModelCatalog.FromUsageFragment(fragment);
        foreach (var (marker, direction) in MantleDirections)
        {
            if (!tail.StartsWith(marker, StringComparison.OrdinalIgnoreCase) || !IsBoundary(tail, marker.Length))
            {
                continue;
            }

            var modifiers = ReadModifiers(tail.AsSpan(marker.Length), '-', direction == "cache-write");

            // Mantle is priced per million tokens like the OpenAI/Anthropic APIs it mirrors (assumption: no bill seen with its pricing_unit).
            return modifiers.Valid
                ? Classified(context, model, direction, modifiers.PricingMode ?? "on-demand", modifiers.CrossRegion, CacheTtlFor(direction, modifiers.CacheTtl), null, MillionTokens)
                : Unclassified(context, model);
        }

        return Unclassified(context, model);
    }

    /// <summary>
    /// Marketplace editions, older "USE1_CacheWrite1hInputTokenCount_Global_Batch-Units" and newer
    /// "USE1_cache_write_tokens_1h_standard-Units"; the model comes from the service name, quantities in millions.
    /// </summary>
    private static UsageTypeClassification ClassifyMarketplace(Context context, string body, string? serviceName)
    {
        var serviceModel = serviceName is null ? null : ModelCatalog.FromMarketplaceService(serviceName);
        var model = serviceModel ?? MarketplaceModel;
        var span = body.AsSpan();
        if (span.EndsWith("-Units", StringComparison.OrdinalIgnoreCase))
        {
            span = span[..^"-Units".Length];
        }

        var underscore = span.IndexOf('_');
        if (underscore > 0 && IsRegionCodeShaped(span[..underscore]))
        {
            span = span[(underscore + 1)..];
        }

        if (TryReadMarketplaceProvisioned(span, out var commitment))
        {
            return Classified(context, model, "model-units", "provisioned", "none", null, commitment, Hours);
        }

        if (TryReadMarketplaceDirection(ref span, out var direction, out var impliedTtl))
        {
            var modifiers = ReadModifiers(span, '_', direction == "cache-write");
            if (modifiers.Valid && (impliedTtl is null || modifiers.CacheTtl is null || modifiers.CacheTtl == impliedTtl))
            {
                var ttl = CacheTtlFor(direction, impliedTtl ?? modifiers.CacheTtl);
                return Classified(context, model, direction, modifiers.PricingMode ?? "on-demand", modifiers.CrossRegion, ttl, null, MillionTokens);
            }
        }

        return Unclassified(context, serviceModel);
    }

    private static bool TryReadMarketplaceDirection(ref ReadOnlySpan<char> span, out string direction, out string? impliedTtl)
    {
        impliedTtl = null;
        var end = span.IndexOf('_');
        var first = end < 0 ? span : span[..end];
        var afterFirst = end < 0 ? [] : span[end..];

        foreach (var (name, dir, ttl) in MarketplaceCamelDirections)
        {
            if (first.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                direction = dir;
                impliedTtl = ttl;
                span = afterFirst;
                return true;
            }
        }

        foreach (var (prefix, dir) in MarketplaceSnakeDirections)
        {
            if (span.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (span.Length == prefix.Length || span[prefix.Length] == '_'))
            {
                direction = dir;
                span = span[prefix.Length..];
                return true;
            }
        }

        direction = "other";
        return false;
    }

    /// <summary>"ProvisionedThroughput_1MonthCommit_ModelUnits_Usage" → "1-month".</summary>
    private static bool TryReadMarketplaceProvisioned(ReadOnlySpan<char> span, out string? commitment)
    {
        commitment = null;
        const string Prefix = "ProvisionedThroughput_";
        if (!span.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = span[Prefix.Length..];
        var end = rest.IndexOf('_');
        if (end <= 0)
        {
            return false;
        }

        var term = rest[..end];
        if (term.EndsWith("Commit", StringComparison.OrdinalIgnoreCase) && !term.Equals("NoCommit", StringComparison.OrdinalIgnoreCase))
        {
            term = term[..^"Commit".Length];
        }

        commitment = ReadCommitment(term);
        var units = rest[(end + 1)..];
        return commitment is not null
            && (units.Equals("ModelUnits", StringComparison.OrdinalIgnoreCase) || units.Equals("ModelUnits_Usage", StringComparison.OrdinalIgnoreCase));
    }

    private static string? ReadCommitment(ReadOnlySpan<char> term) =>
        term switch
        {
            _ when term.Equals("NoCommit", StringComparison.OrdinalIgnoreCase) => "none",
            _ when term.Equals("1month", StringComparison.OrdinalIgnoreCase) || term.Equals("OneMonth", StringComparison.OrdinalIgnoreCase) => "1-month",
            _ when term.Equals("6month", StringComparison.OrdinalIgnoreCase) || term.Equals("SixMonths", StringComparison.OrdinalIgnoreCase) => "6-month",
            _ => null,
        };

    /// <summary>CacheTtl is only what the suffix says; callers apply the 5-minute default to cache writes.</summary>
    private readonly record struct Modifiers(bool Valid, string? PricingMode, string CrossRegion, string? CacheTtl);

    /// <summary>
    /// Reads the suffixes after the charge ("-cross-region-global-batch", "_Global_Batch", "_1h_standard"). Any word it
    /// does not know makes the whole usage type unclassified, so a new tier is reported instead of priced as on-demand.
    /// </summary>
    private static Modifiers ReadModifiers(ReadOnlySpan<char> tail, char separator, bool isCacheWrite)
    {
        string? mode = null;
        var crossRegion = "none";
        string? ttl = null;
        var invalid = new Modifiers(false, null, "none", null);

        while (!tail.IsEmpty)
        {
            if (tail[0] != separator)
            {
                return invalid;
            }

            tail = tail[1..];
            var end = tail.IndexOf(separator);
            var word = end < 0 ? tail : tail[..end];
            var consumed = word.Length;

            if (separator == '-' && word.Equals("cross", StringComparison.OrdinalIgnoreCase) && tail.StartsWith("cross-region-global", StringComparison.OrdinalIgnoreCase))
            {
                word = "global";
                consumed = "cross-region-global".Length;
            }
            else if (separator == '-' && word.Equals("custom", StringComparison.OrdinalIgnoreCase) && tail.StartsWith("custom-model", StringComparison.OrdinalIgnoreCase))
            {
                word = "custom-model";
                consumed = "custom-model".Length;
            }
            else if (separator == '-' && word.Equals("1", StringComparison.OrdinalIgnoreCase) && tail.StartsWith("1-hour", StringComparison.OrdinalIgnoreCase))
            {
                word = "1h";
                consumed = "1-hour".Length;
            }
            else if (separator == '_' && word.Equals("long", StringComparison.OrdinalIgnoreCase) && tail.StartsWith("long_ctx", StringComparison.OrdinalIgnoreCase))
            {
                // Long-context pricing has no field of its own; the direction and tier still hold.
                word = "long_ctx";
                consumed = "long_ctx".Length;
            }

            if (consumed < tail.Length && tail[consumed] != separator)
            {
                return invalid;
            }

            tail = tail[consumed..];

            if (word.Equals("global", StringComparison.OrdinalIgnoreCase))
            {
                crossRegion = "global";
            }
            else if (word.Equals("1h", StringComparison.OrdinalIgnoreCase) || word.Equals("5m", StringComparison.OrdinalIgnoreCase))
            {
                if (!isCacheWrite || ttl is not null)
                {
                    return invalid;
                }

                ttl = word.Equals("1h", StringComparison.OrdinalIgnoreCase) ? "1h" : "5m";
            }
            else if (word.Equals("long_ctx", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            else if (ReadPricingMode(word) is { } newMode)
            {
                // Two tiers on one line ("-batch-flex") is not a shape AWS bills: report it rather than guess.
                if (mode is not null)
                {
                    return invalid;
                }

                mode = newMode;
            }
            else
            {
                return invalid;
            }
        }

        return new Modifiers(true, mode, crossRegion, ttl);
    }

    private static string? CacheTtlFor(string direction, string? explicitTtl) =>
        direction == "cache-write" ? explicitTtl ?? "5m" : null;

    private static string? ReadPricingMode(ReadOnlySpan<char> word) =>
        word switch
        {
            _ when word.Equals("standard", StringComparison.OrdinalIgnoreCase) => "on-demand",
            _ when word.Equals("batch", StringComparison.OrdinalIgnoreCase) => "batch",
            _ when word.Equals("flex", StringComparison.OrdinalIgnoreCase) => "flex",
            _ when word.Equals("priority", StringComparison.OrdinalIgnoreCase) => "priority",
            _ when word.Equals("custom-model", StringComparison.OrdinalIgnoreCase) => "custom-model",
            _ => null,
        };

    /// <summary>"USE1", "EUW2", "EU", "APAC": upper-case letters then digits, the way billing codes are written.</summary>
    private static bool IsRegionCodeShaped(ReadOnlySpan<char> code)
    {
        if (code.Length is < 2 or > 6 || !char.IsAsciiLetterUpper(code[0]))
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBoundary(string text, int index) => index == text.Length || text[index] == '-';

    /// <summary>For a shape with no known charge marker, the model only when its first segment is in the catalog.</summary>
    private static string? ReadableModel(string rest)
    {
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        var fragment = dash < 0 ? rest : rest[..dash];
        return fragment.Length > 0 && ModelCatalog.TryFromUsageFragment(fragment, out var name) ? name : null;
    }

    /// <summary>A marker found at <paramref name="at"/> only counts when a model segment precedes it.</summary>
    private static bool HasModelBefore(string rest, int at) => at > 0 && !rest.AsSpan(0, at).IsWhiteSpace();

    private static UsageTypeClassification Classified(
        Context context, string model, string direction, string pricingMode, string crossRegion, string? cacheTtl, string? commitment, Units units) =>
        new(context.UsageType, model, context.Region, direction, pricingMode, crossRegion, cacheTtl, commitment, true, units.QuantityUnit, units.TokensPerQuantityUnit);

    private static UsageTypeClassification Unclassified(Context context, string? model) =>
        new(context.UsageType, model ?? UnknownModel, context.RegionIsKnown ? context.Region : null, "other", "on-demand", "none", null, null, false, PlainUnits.QuantityUnit, PlainUnits.TokensPerQuantityUnit);
}
