namespace FinOpsDashboard.Domain.Attribution;

/// <summary>
/// What a source says about who spent: the usage account, cost-allocation tags, invocation-log requestMetadata,
/// the inference profile (ARN or id) and the caller's principal ARN. Any of them may be missing; a missing or blank
/// value never matches a rule.
/// </summary>
public sealed record AttributionInputs
{
    // Declared before None: static fields initialise in order.
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    public static readonly AttributionInputs None = new();

    public string? AccountId { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = Empty;
    public IReadOnlyDictionary<string, string> LogMetadata { get; init; } = Empty;
    public string? InferenceProfile { get; init; }
    public string? Principal { get; init; }

    /// <summary>
    /// True for an inference-profile identifier: an ARN of an application or system-defined inference profile, or a
    /// geographic system profile id ("us.anthropic.claude-sonnet-4-6", "global.amazon.nova-2-lite-v1:0").
    /// </summary>
    public static bool IsInferenceProfile(string? modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            return false;
        }

        if (modelId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return modelId.Contains(":application-inference-profile/", StringComparison.Ordinal)
                || modelId.Contains(":inference-profile/", StringComparison.Ordinal);
        }

        var dot = modelId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && modelId[..dot] is "us" or "eu" or "apac" or "ap" or "jp" or "au" or "ca" or "us-gov" or "global";
    }
}

/// <summary>
/// The team and the feature a cost belongs to, and the 1-based position of the rule that decided each (null: no rule
/// matched, the value is <see cref="Facts.Attribution.Unattributed"/>).
/// </summary>
public sealed record AttributionResult(string Team, string Feature, int? TeamRule, int? FeatureRule)
{
    public static readonly AttributionResult Unattributed = new(Facts.Attribution.Unattributed, Facts.Attribution.Unattributed, null, null);
}

/// <summary>
/// The tag and metadata keys whose values are stored with each fact (so a new rule version can re-attribute
/// history): the team tag, the feature tag, and the team / feature requestMetadata keys. A tag or log-metadata rule on
/// any other key could never match stored facts.
/// </summary>
public sealed record AttributionKeys(string TeamTagKey, string FeatureTagKey, string TeamMetadataKey, string FeatureMetadataKey)
{
    public static readonly AttributionKeys Default = new("team", "feature", "team", "feature");

    public bool IsCapturedTag(string key) => key == TeamTagKey || key == FeatureTagKey;

    public bool IsCapturedMetadata(string key) => key == TeamMetadataKey || key == FeatureMetadataKey;
}
