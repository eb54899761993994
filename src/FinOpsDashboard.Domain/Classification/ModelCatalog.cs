using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FinOpsDashboard.Domain.Classification;

/// <summary>
/// Canonical Bedrock model names ("Claude Sonnet 4.6") from the three places a model shows up: the model segment of a
/// usage type, a CloudWatch / invocation-log model id or ARN, and a Marketplace service name. Never throws on unknown
/// input: it hands the input back so the caller can still show it.
/// </summary>
public static partial class ModelCatalog
{
    private const string MarketplaceEditionSuffix = "(Amazon Bedrock Edition)";

    // Usage-type fragments no rule below derives. The Titan and Mistral spellings beyond the documented ones are guesses.
    private static readonly FrozenDictionary<string, string> UsageFragments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["TitanEmbeddingV2-Text"] = "Titan Text Embeddings V2",
        ["TitanEmbeddingV1-Text"] = "Titan Embeddings G1 - Text",
        ["TitanEmbedding-Text"] = "Titan Embeddings G1 - Text",
        ["TitanEmbeddingV1-Image"] = "Titan Multimodal Embeddings G1",
        ["TitanEmbedding-Image"] = "Titan Multimodal Embeddings G1",
        ["TitanTextLite"] = "Titan Text G1 - Lite",
        ["TitanTextExpress"] = "Titan Text G1 - Express",
        ["TitanTextPremier"] = "Titan Text G1 - Premier",
        ["TitanImageGenerator"] = "Titan Image Generator G1",
        ["TitanImageGeneratorV2"] = "Titan Image Generator G1 v2",
        ["MistralSmall"] = "Mistral Small",
        ["MistralLarge"] = "Mistral Large",
        ["Mistral7B"] = "Mistral 7B Instruct",
        ["Mixtral8x7B"] = "Mixtral 8x7B Instruct",
        ["PixtralLarge"] = "Pixtral Large",
        ["ClaudeInstant"] = "Claude Instant",
        ["Claude2"] = "Claude 2",
        ["Claude2.1"] = "Claude 2.1",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Model ids (geo prefix and ":n" revision removed) whose names follow no rule; the version in them is part of the name.
    private static readonly FrozenDictionary<string, string> ModelIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["amazon.titan-embed-text-v2"] = "Titan Text Embeddings V2",
        ["amazon.titan-embed-text-v1"] = "Titan Embeddings G1 - Text",
        ["amazon.titan-embed-image-v1"] = "Titan Multimodal Embeddings G1",
        ["amazon.titan-text-lite-v1"] = "Titan Text G1 - Lite",
        ["amazon.titan-text-express-v1"] = "Titan Text G1 - Express",
        ["amazon.titan-text-premier-v1"] = "Titan Text G1 - Premier",
        ["amazon.titan-image-generator-v1"] = "Titan Image Generator G1",
        ["amazon.titan-image-generator-v2"] = "Titan Image Generator G1 v2",
        ["anthropic.claude-instant-v1"] = "Claude Instant",
        ["anthropic.claude-v2"] = "Claude 2",
        ["mistral.mistral-7b-instruct-v0"] = "Mistral 7B Instruct",
        ["mistral.mixtral-8x7b-instruct-v0"] = "Mixtral 8x7B Instruct",
        ["cohere.command-r-v1"] = "Command R",
        ["cohere.command-r-plus-v1"] = "Command R+",
        ["cohere.embed-english-v3"] = "Embed English v3",
        ["cohere.embed-multilingual-v3"] = "Embed Multilingual v3",
        ["deepseek.r1-v1"] = "DeepSeek-R1",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // System inference profile prefixes: the same model billed through a geography, stripped before lookup.
    private static readonly FrozenSet<string> GeoPrefixes =
        new[] { "us", "eu", "apac", "jp", "au", "ca", "global", "us-gov" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Canonical name for a usage-type model segment: "Claude4.6Sonnet" → "Claude Sonnet 4.6", "Llama3-2-1B" → "Llama 3.2 1B"; unknown → the fragment, trimmed.</summary>
    public static string FromUsageFragment(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        var trimmed = fragment.Trim();
        return TryFromUsageFragment(trimmed, out var name) ? name : trimmed;
    }

    /// <summary>Canonical name for a CloudWatch ModelId or model ARN: "us.anthropic.claude-sonnet-4-6" → "Claude Sonnet 4.6"; unknown → the input unchanged.</summary>
    /// <remarks>
    /// Application-inference-profile, provisioned-model and custom-model ARNs name no model: they come back unchanged and
    /// callers resolve them through the control-plane map (inference profiles, provisioned throughputs).
    /// </remarks>
    public static string FromModelId(string modelIdOrArn)
    {
        ArgumentNullException.ThrowIfNull(modelIdOrArn);
        var id = modelIdOrArn.Trim();
        if (id.StartsWith("arn:", StringComparison.OrdinalIgnoreCase))
        {
            var resourceId = FoundationResourceOf(id);
            if (resourceId is null)
            {
                return modelIdOrArn;
            }

            id = resourceId;
        }

        return TryFromModelId(id, out var name) ? name : modelIdOrArn;
    }

    /// <summary>Model of a Marketplace service: "Claude Haiku 4.5 (Amazon Bedrock Edition)" → "Claude Haiku 4.5"; any other service → null.</summary>
    public static string? FromMarketplaceService(string serviceName)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        var trimmed = serviceName.AsSpan().Trim();
        if (!trimmed.EndsWith(MarketplaceEditionSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var model = trimmed[..^MarketplaceEditionSuffix.Length].Trim();
        return model.IsEmpty ? null : model.ToString();
    }

    /// <summary>True for any service or product code Bedrock model spend is billed under: "Amazon Bedrock", "AmazonBedrockService", "Claude 3 Haiku (Amazon Bedrock Edition)".</summary>
    public static bool IsBedrockService(string serviceName)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        var trimmed = serviceName.AsSpan().Trim();
        return trimmed.Equals("Amazon Bedrock", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("Amazon Bedrock Service", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("AmazonBedrock", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("AmazonBedrockService", StringComparison.OrdinalIgnoreCase)
            || FromMarketplaceService(serviceName) is not null;
    }

    internal static bool TryFromUsageFragment(string fragment, out string name)
    {
        if (UsageFragments.TryGetValue(fragment, out var known))
        {
            name = known;
            return true;
        }

        var claude = ClaudeFragment().Match(fragment);
        if (claude.Success)
        {
            name = FormatClaude(claude.Groups["version"].Value, claude.Groups["family"].Value);
            return true;
        }

        var nova = NovaFragment().Match(fragment);
        if (nova.Success)
        {
            var generation = nova.Groups["generation"].Success ? nova.Groups["generation"].Value + " " : string.Empty;
            name = "Nova " + generation + SplitCamelCase(nova.Groups["name"].Value);
            return true;
        }

        if (TryFormatLlama(fragment, out name))
        {
            return true;
        }

        // Mantle usage types carry the lower-case model id ("anthropic.claude-opus-4-8") instead of a CamelCase fragment.
        if (fragment.Length > 0 && char.IsAsciiLetterLower(fragment[0]) && fragment.Contains('.', StringComparison.Ordinal))
        {
            return TryFromModelId(fragment, out name);
        }

        name = fragment;
        return false;
    }

    private static bool TryFromModelId(string modelId, out string name)
    {
        name = modelId;
        var id = modelId;
        var firstDot = id.IndexOf('.', StringComparison.Ordinal);
        if (firstDot > 0 && GeoPrefixes.Contains(id[..firstDot]) && id.IndexOf('.', firstDot + 1) > 0)
        {
            id = id[(firstDot + 1)..];
        }

        // "anthropic.claude-v2:1" is the one id whose ":n" revision names a different model.
        if (id.Equals("anthropic.claude-v2:1", StringComparison.OrdinalIgnoreCase))
        {
            name = "Claude 2.1";
            return true;
        }

        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            id = id[..colon];
        }

        if (ModelIds.TryGetValue(id, out var known))
        {
            name = known;
            return true;
        }

        id = VersionSuffix().Replace(id, string.Empty);
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }

        var provider = id[..dot];
        var model = id[(dot + 1)..];
        switch (provider.ToUpperInvariant())
        {
            case "AMAZON":
                var nova = NovaModelId().Match(model);
                if (nova.Success)
                {
                    name = "Nova " + string.Join(' ', model.Split('-').Skip(1).Select(TitleCase));
                    return true;
                }

                return false;
            case "ANTHROPIC":
                var familyFirst = ClaudeFamilyFirstId().Match(model);
                if (familyFirst.Success)
                {
                    name = FormatClaude(JoinVersion(familyFirst), familyFirst.Groups["family"].Value);
                    return true;
                }

                var versionFirst = ClaudeVersionFirstId().Match(model);
                if (versionFirst.Success)
                {
                    name = FormatClaude(JoinVersion(versionFirst), versionFirst.Groups["family"].Value);
                    return true;
                }

                return false;
            case "META":
                return TryFormatLlama(model, out name);
            case "MISTRAL":
                // The yymm release ("2402") is dropped: usage types bill "MistralLarge" without it.
                var mistral = MistralModelId().Match(model);
                if (mistral.Success)
                {
                    name = TitleCase(mistral.Groups["brand"].Value) + " " + TitleCase(mistral.Groups["size"].Value);
                    return true;
                }

                return false;
            case "XAI":
                // "xai." or "xai.:1" names no model: an empty name would show as a blank model (found by a property test).
                var words = model.Split('-', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                {
                    return false;
                }

                name = string.Join(' ', words.Select(TitleCase));
                return true;
            case "OPENAI":
                // OpenAI writes its open-weight names in lower case ("gpt-oss-120b"); ids add a "-1" revision.
                var gptOss = GptOssModelId().Match(model);
                if (gptOss.Success)
                {
                    name = gptOss.Groups["name"].Value.ToLowerInvariant();
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private static string? FoundationResourceOf(string arn)
    {
        // arn:partition:bedrock:region:account:type/id — the id itself may hold ':' ("amazon.nova-pro-v1:0").
        var start = 0;
        for (var i = 0; i < 5; i++)
        {
            var colon = arn.IndexOf(':', start);
            if (colon < 0)
            {
                return null;
            }

            start = colon + 1;
        }

        var resource = arn.AsSpan(start);
        var slash = resource.IndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var type = resource[..slash];
        var isResolvable = type.Equals("foundation-model", StringComparison.OrdinalIgnoreCase)
            || type.Equals("inference-profile", StringComparison.OrdinalIgnoreCase);
        return isResolvable ? resource[(slash + 1)..].ToString() : null;
    }

    /// <summary>Anthropic's own ordering: version first below 4 ("Claude 3.5 Sonnet"), family first from 4 on ("Claude Sonnet 4.6").</summary>
    private static string FormatClaude(string version, string family)
    {
        var familyName = TitleCase(family);
        var majorText = version.Split('.')[0];
        var isFamilyFirst = int.TryParse(majorText, NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major >= 4;
        return isFamilyFirst ? $"Claude {familyName} {version}" : $"Claude {version} {familyName}";
    }

    private static string JoinVersion(Match match) =>
        match.Groups["minor"].Success ? match.Groups["major"].Value + "." + match.Groups["minor"].Value : match.Groups["major"].Value;

    private static bool TryFormatLlama(string text, out string name)
    {
        var llama = Llama().Match(text);
        if (!llama.Success)
        {
            name = text;
            return false;
        }

        var builder = new StringBuilder("Llama ").Append(JoinVersion(llama));
        if (llama.Groups["variant"].Success)
        {
            builder.Append(' ').Append(TitleCase(llama.Groups["variant"].Value));
        }

        name = builder.Append(' ').Append(llama.Groups["size"].Value.ToUpperInvariant()).ToString();
        return true;
    }

    private static string TitleCase(string word) =>
        word.Length == 0 || !char.IsAsciiLetterLower(word[0]) ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static string SplitCamelCase(string text)
    {
        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterUpper(text[i]))
            {
                builder.Append(' ');
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^Claude(?<version>\d+(?:\.\d+)?)(?<family>Haiku|Sonnet|Opus)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClaudeFragment();

    // "NovaPro", "Nova2.0Lite": the generation is billed as "2.0" but named "Nova 2".
    [GeneratedRegex(@"^Nova(?:(?<generation>\d+)(?:\.0)?)?(?<name>[A-Z][A-Za-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex NovaFragment();

    // Both "Llama3-2-1B" (usage type) and "llama3-2-1b-instruct" (model id without "meta.").
    [GeneratedRegex(@"^llama(?<major>\d+)(?:-(?<minor>\d+))?-(?:(?<variant>scout|maverick)-)?(?<size>\d+(?:x\d+)?b)(?:-[a-z0-9-]*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Llama();

    // Trailing "-v1" model version and "-20240307" release date, which name the same model.
    [GeneratedRegex(@"(?:-v\d+)?(?:-\d{8})?(?:-v\d+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();

    [GeneratedRegex(@"^nova(?:-[a-z0-9]+)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NovaModelId();

    [GeneratedRegex(@"^claude-(?<family>haiku|sonnet|opus)-(?<major>\d+)(?:-(?<minor>\d{1,2}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClaudeFamilyFirstId();

    [GeneratedRegex(@"^claude-(?<major>\d+)(?:-(?<minor>\d{1,2}))?-(?<family>haiku|sonnet|opus)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClaudeVersionFirstId();

    [GeneratedRegex(@"^(?<brand>mistral|pixtral)-(?<size>small|medium|large)(?:-\d{4})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MistralModelId();

    [GeneratedRegex(@"^(?<name>gpt-oss-\d+b)(?:-\d+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GptOssModelId();
}
