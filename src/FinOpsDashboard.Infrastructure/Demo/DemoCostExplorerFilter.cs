using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// Evaluates Cost Explorer filter expressions and group keys against ledger lines. The dimensions and tags it
/// knows: SERVICE, USAGE_TYPE, REGION, LINKED_ACCOUNT, RECORD_TYPE; tags team and feature. Anything else is
/// "not recognised", and the caller answers with no data rather than an exception.
/// </summary>
internal static class DemoCostExplorerFilter
{
    public const string TeamTag = "team";
    public const string FeatureTag = "feature";

    private static readonly HashSet<string> Dimensions = new(StringComparer.Ordinal) { "SERVICE", "USAGE_TYPE", "REGION", "LINKED_ACCOUNT", "RECORD_TYPE" };
    private static readonly HashSet<string> DimensionOptions = new(StringComparer.Ordinal) { "EQUALS", "CASE_SENSITIVE", "CASE_INSENSITIVE", "STARTS_WITH", "ENDS_WITH", "CONTAINS" };
    private static readonly HashSet<string> TagOptions = new(StringComparer.Ordinal) { "EQUALS", "ABSENT", "CASE_SENSITIVE", "CASE_INSENSITIVE" };

    public static bool IsKnownDimension(string key) => Dimensions.Contains(key);

    public static bool IsRecognised(Expression? expression)
    {
        if (expression is null)
        {
            return true;
        }

        var set = (expression.And is not null ? 1 : 0) + (expression.Or is not null ? 1 : 0) + (expression.Not is not null ? 1 : 0)
            + (expression.Dimensions is not null ? 1 : 0) + (expression.Tags is not null ? 1 : 0);
        if (set != 1)
        {
            return false;
        }

        return expression switch
        {
            { And: { } all } => all.Count > 0 && all.All(IsRecognised),
            { Or: { } any } => any.Count > 0 && any.All(IsRecognised),
            { Not: { } not } => IsRecognised(not),
            { Dimensions: { } d } => Dimensions.Contains(d.Key) && (d.MatchOptions ?? []).All(DimensionOptions.Contains),
            { Tags: { } t } => t.Key is TeamTag or FeatureTag && (t.MatchOptions ?? []).All(TagOptions.Contains),
            _ => false,
        };
    }

    /// <summary>Only call after <see cref="IsRecognised"/> returned true.</summary>
    public static bool Matches(Expression? expression, DemoLedgerLine line) => expression switch
    {
        null => true,
        { And: { } all } => all.All(e => Matches(e, line)),
        { Or: { } any } => any.Any(e => Matches(e, line)),
        { Not: { } not } => !Matches(not, line),
        { Dimensions: { } d } => MatchesDimension(d, DimensionValue(d.Key, line)),
        { Tags: { } t } => MatchesTag(t, TagValue(t.Key, line)),
        _ => false,
    };

    public static string? DimensionValue(string key, DemoLedgerLine line) => key switch
    {
        "SERVICE" => line.Service,
        "USAGE_TYPE" => line.UsageType,
        "REGION" => line.Region,
        "LINKED_ACCOUNT" => DemoWorkload.AccountId,
        "RECORD_TYPE" => "Usage",
        _ => null,
    };

    public static string? TagValue(string key, DemoLedgerLine line) => key switch
    {
        TeamTag => line.Team,
        FeatureTag => line.Feature,
        _ => null,
    };

    /// <summary>A group key as Cost Explorer writes it: the dimension value, or "tagKey$value" ("tagKey$" when untagged).</summary>
    public static string? GroupKey(GroupDefinition group, DemoLedgerLine line) => group.Type switch
    {
        "DIMENSION" => DimensionValue(group.Key, line),
        "TAG" => $"{group.Key}${TagValue(group.Key, line)}",
        _ => null,
    };

    public static bool IsRecognisedGroup(GroupDefinition group) => group.Type switch
    {
        "DIMENSION" => Dimensions.Contains(group.Key),
        "TAG" => !string.IsNullOrEmpty(group.Key),
        _ => false,
    };

    private static bool MatchesDimension(DimensionValues d, string? value)
    {
        if (value is null)
        {
            return false;
        }

        var options = d.MatchOptions ?? [];
        var comparison = options.Contains("CASE_INSENSITIVE") ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return d.Values.Any(v =>
            options.Contains("STARTS_WITH") ? value.StartsWith(v, comparison)
            : options.Contains("ENDS_WITH") ? value.EndsWith(v, comparison)
            : options.Contains("CONTAINS") ? value.Contains(v, comparison)
            : string.Equals(value, v, comparison));
    }

    private static bool MatchesTag(TagValues t, string? value)
    {
        var options = t.MatchOptions ?? [];
        if (value is null)
        {
            // Untagged spend matches ABSENT, and an explicit empty value.
            return options.Contains("ABSENT") || (t.Values ?? []).Contains("");
        }

        var comparison = options.Contains("CASE_INSENSITIVE") ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return (t.Values ?? []).Any(v => string.Equals(value, v, comparison));
    }
}
