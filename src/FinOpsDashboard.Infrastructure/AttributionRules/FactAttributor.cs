using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Facts;

namespace FinOpsDashboard.Infrastructure.AttributionRules;

/// <summary>
/// Resolves team and feature from the raw inputs stored with a fact, with one rule version. Ingestion and
/// re-attribution build the inputs here and nowhere else, so a fact resolves the same whether it is being written or
/// re-attributed later. Each distinct input combination is resolved once (not thread-safe: one per operation).
/// </summary>
public sealed class FactAttributor(int version, AttributionRuleSet rules, AttributionKeys keys)
{
    /// <summary>What invocation logs store when the record names no caller or account.</summary>
    internal const string Unknown = "(unknown)";

    private readonly Dictionary<(string, string, string, string, string), AttributionResult> _costs = [];
    private readonly Dictionary<(string, string, string, string, string), AttributionResult> _logs = [];

    public int Version { get; } = version;
    public AttributionRuleSet Rules { get; } = rules;
    public AttributionKeys Keys { get; } = keys;

    /// <summary>A cost fact's inputs: account, the team and feature tags, the inference profile, the principal.</summary>
    public AttributionResult ForCost(string accountId, string teamTag, string featureTag, string resourceId, string principal)
    {
        var key = (accountId, teamTag, featureTag, resourceId, principal);
        if (!_costs.TryGetValue(key, out var result))
        {
            _costs[key] = result = Resolve(Rules, CostInputs(Keys, accountId, teamTag, featureTag, resourceId, principal));
        }

        return result;
    }

    /// <summary>An invocation-log hour's inputs: account, model id (a profile when it is one), caller, team and feature metadata.</summary>
    public AttributionResult ForLog(string accountId, string modelId, string caller, string teamMetadata, string featureMetadata)
    {
        var key = (accountId, modelId, caller, teamMetadata, featureMetadata);
        if (!_logs.TryGetValue(key, out var result))
        {
            _logs[key] = result = Resolve(Rules, LogInputs(Keys, accountId, modelId, caller, teamMetadata, featureMetadata));
        }

        return result;
    }

    /// <summary>Sets the fact's team and feature from its raw inputs.</summary>
    public void Apply(CostFact fact)
    {
        var result = ForCost(fact.AccountId, fact.TeamTag, fact.FeatureTag, fact.ResourceId, fact.Principal);
        fact.Team = result.Team;
        fact.Feature = result.Feature;
    }

    public static AttributionInputs CostInputs(AttributionKeys keys, string accountId, string teamTag, string featureTag, string resourceId, string principal) => new()
    {
        AccountId = Present(accountId),
        Tags = Map((keys.TeamTagKey, teamTag), (keys.FeatureTagKey, featureTag)),
        InferenceProfile = Present(resourceId),
        Principal = Present(principal),
    };

    public static AttributionInputs LogInputs(AttributionKeys keys, string accountId, string modelId, string caller, string teamMetadata, string featureMetadata) => new()
    {
        AccountId = Present(accountId),
        LogMetadata = Map((keys.TeamMetadataKey, teamMetadata), (keys.FeatureMetadataKey, featureMetadata)),
        InferenceProfile = AttributionInputs.IsInferenceProfile(modelId) ? modelId : null,
        Principal = Present(caller),
    };

    private static AttributionResult Resolve(AttributionRuleSet rules, AttributionInputs inputs) => rules.Resolve(inputs);

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) || value == Unknown ? null : value;

    private static Dictionary<string, string> Map(params (string Key, string Value)[] entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            // With one key configured for both team and feature, the first (team) value stands.
            if (!string.IsNullOrWhiteSpace(value))
            {
                map.TryAdd(key, value);
            }
        }

        return map;
    }
}
