namespace FinOpsDashboard.Domain.Attribution;

/// <summary>What a rule decides: the team or the feature a cost belongs to.</summary>
public static class AttributionTargets
{
    public const string Team = "team";
    public const string Feature = "feature";

    public static IReadOnlyList<string> All { get; } = [Team, Feature];
}

/// <summary>Where a rule reads the value it matches.</summary>
public static class AttributionSources
{
    /// <summary>A cost-allocation tag (Cost Explorer group, CUR resource/principal tags, FOCUS Tags); the rule's key is the tag key.</summary>
    public const string Tag = "tag";

    /// <summary>An invocation log's requestMetadata entry; the rule's key is the metadata key.</summary>
    public const string LogMetadata = "log-metadata";

    /// <summary>The inference-profile ARN (or its id) the usage went through.</summary>
    public const string InferenceProfile = "inference-profile";

    /// <summary>The caller's IAM principal ARN (invocation log identity.arn, CUR line_item_iam_principal).</summary>
    public const string Principal = "principal";

    /// <summary>The usage account id.</summary>
    public const string Account = "account";

    public static IReadOnlyList<string> All { get; } = [Tag, LogMetadata, InferenceProfile, Principal, Account];

    /// <summary>Tag and log-metadata rules read one key of a map; the other sources are a single value.</summary>
    public static bool NeedsKey(string source) => source is Tag or LogMetadata;
}

/// <summary>
/// One attribution rule, as an admin edits it: for <see cref="Target"/> (team | feature), read <see cref="Source"/>
/// (and, for tag / log-metadata, the entry named <see cref="Key"/>); when the value matches <see cref="Match"/>
/// (an exact value, <c>*</c> for any non-empty value, or a glob with <c>*</c> and <c>?</c>), assign
/// <see cref="Assign"/> (a fixed name, or <c>{value}</c> for the matched value as is). Precedence is the rule's
/// position in its <see cref="AttributionRuleSet"/>.
/// </summary>
public sealed record AttributionRule(string Target, string Source, string? Key, string Match, string Assign)
{
    /// <summary>The placeholder that assigns the matched value itself.</summary>
    public const string MatchedValue = "{value}";

    /// <summary>Trimmed, with the key dropped for sources that have none: the form that is validated, stored and compared.</summary>
    public AttributionRule Normalised()
    {
        var source = (Source ?? string.Empty).Trim().ToLowerInvariant();
        var key = AttributionSources.NeedsKey(source) ? Key?.Trim() : null;
        return new AttributionRule(
            (Target ?? string.Empty).Trim().ToLowerInvariant(),
            source,
            string.IsNullOrEmpty(key) ? null : key,
            (Match ?? string.Empty).Trim(),
            (Assign ?? string.Empty).Trim());
    }

    /// <summary>"team: tag[team] = search-* → search", for lists and diffs.</summary>
    public string Describe()
    {
        var read = Key is null ? Source : $"{Source}[{Key}]";
        return $"{Target}: {read} = {Match} → {Assign}";
    }

    /// <summary>What identifies a rule across versions (the assignment is what may change).</summary>
    internal (string Target, string Source, string? Key, string Match) Identity => (Target, Source, Key, Match);
}
