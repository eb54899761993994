namespace FinOpsDashboard.Domain.Attribution;

/// <summary>A rule refused by validation: its 1-based position, the field at fault and a message a person can act on.</summary>
public sealed record AttributionRuleError(int Position, string Field, string Message)
{
    public override string ToString() => Position > 0 ? $"Rule {Position} ({Field}): {Message}" : Message;
}

/// <summary>
/// Rules in precedence order. For each target (team, feature) the first rule whose value matches decides; when none
/// does, the target is <see cref="Facts.Attribution.Unattributed"/>. Team and feature are decided independently, so
/// one rule set can take the team from a tag and the feature from log metadata.
/// </summary>
public sealed class AttributionRuleSet
{
    private readonly CompiledRule[] _compiled;

    private AttributionRuleSet(IReadOnlyList<AttributionRule> rules)
    {
        Rules = rules;
        _compiled = rules.Select((r, i) => new CompiledRule(r, i + 1, ValuePattern.Parse(r.Match), r.Assign == AttributionRule.MatchedValue)).ToArray();
    }

    /// <summary>The rules, normalised, in precedence order (the first is position 1).</summary>
    public IReadOnlyList<AttributionRule> Rules { get; }

    /// <summary>
    /// Version 1: today's behaviour before rules existed. The team and feature cost-allocation tags give their value as
    /// is; invocation logs' team and feature requestMetadata keys do the same.
    /// </summary>
    public static AttributionRuleSet Default(AttributionKeys keys) => Create(
    [
        new(AttributionTargets.Team, AttributionSources.Tag, keys.TeamTagKey, "*", AttributionRule.MatchedValue),
        new(AttributionTargets.Team, AttributionSources.LogMetadata, keys.TeamMetadataKey, "*", AttributionRule.MatchedValue),
        new(AttributionTargets.Feature, AttributionSources.Tag, keys.FeatureTagKey, "*", AttributionRule.MatchedValue),
        new(AttributionTargets.Feature, AttributionSources.LogMetadata, keys.FeatureMetadataKey, "*", AttributionRule.MatchedValue),
    ]);

    /// <exception cref="AttributionRulesException">A rule is invalid; the exception lists every problem.</exception>
    public static AttributionRuleSet Create(IEnumerable<AttributionRule> rules, AttributionKeys? captured = null)
    {
        var normalised = rules.Select(r => r.Normalised()).ToList();
        var errors = Validate(normalised, captured);
        return errors.Count == 0 ? new AttributionRuleSet(normalised) : throw new AttributionRulesException(errors);
    }

    public static bool TryCreate(IEnumerable<AttributionRule> rules, AttributionKeys? captured, out AttributionRuleSet? ruleSet, out IReadOnlyList<AttributionRuleError> errors)
    {
        var normalised = rules.Select(r => r.Normalised()).ToList();
        errors = Validate(normalised, captured);
        ruleSet = errors.Count == 0 ? new AttributionRuleSet(normalised) : null;
        return ruleSet is not null;
    }

    /// <summary>
    /// Every problem of every rule (empty when the set is valid). With <paramref name="captured"/>, tag and
    /// log-metadata rules must read a key whose value is stored with the facts, or they could never match.
    /// </summary>
    public static IReadOnlyList<AttributionRuleError> Validate(IReadOnlyList<AttributionRule> rules, AttributionKeys? captured = null)
    {
        var errors = new List<AttributionRuleError>();
        var seen = new Dictionary<(string, string, string?, string), int>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i].Normalised();
            var position = i + 1;
            void Fail(string field, string message) => errors.Add(new AttributionRuleError(position, field, message));

            if (!AttributionTargets.All.Contains(rule.Target))
            {
                Fail("target", rule.Target.Length == 0 ? "The target is empty: use team or feature." : $"Unknown target '{rule.Target}': use team or feature.");
            }

            if (!AttributionSources.All.Contains(rule.Source))
            {
                Fail("source", rule.Source.Length == 0
                    ? "The source is empty: use " + SourceList + "."
                    : $"Unknown source '{rule.Source}': use {SourceList}.");
            }
            else if (AttributionSources.NeedsKey(rule.Source))
            {
                var what = rule.Source == AttributionSources.Tag ? "tag key" : "requestMetadata key";
                if (rule.Key is null)
                {
                    Fail("key", $"A {rule.Source} rule needs the {what} to read (e.g. team).");
                }
                else if (captured is not null && rule.Source == AttributionSources.Tag && !captured.IsCapturedTag(rule.Key))
                {
                    Fail("key", $"Tag key '{rule.Key}' is not stored with the facts, so the rule could never match: use the team tag '{captured.TeamTagKey}' or the feature tag '{captured.FeatureTagKey}' (Ingestion:TeamTagKey / FeatureTagKey).");
                }
                else if (captured is not null && rule.Source == AttributionSources.LogMetadata && !captured.IsCapturedMetadata(rule.Key))
                {
                    Fail("key", $"requestMetadata key '{rule.Key}' is not stored with the invocation logs, so the rule could never match: use '{captured.TeamMetadataKey}' or '{captured.FeatureMetadataKey}' (Imports:TeamMetadataKeys / FeatureMetadataKeys).");
                }
            }

            if (ValuePattern.Problem(rule.Match) is { } problem)
            {
                Fail("match", problem);
            }

            if (rule.Assign.Length == 0)
            {
                Fail("assign", "Assign is empty: give a fixed name (e.g. search) or {value} to use the matched value.");
            }
            else if (rule.Assign != AttributionRule.MatchedValue && rule.Assign.IndexOfAny(['{', '}']) >= 0)
            {
                Fail("assign", $"'{rule.Assign}' is neither a fixed name nor {{value}}: braces are only allowed in the placeholder {{value}}.");
            }

            if (seen.TryGetValue(rule.Identity, out var first))
            {
                Fail("match", $"Same target, source, key and match as rule {first}, which always decides first: this rule can never apply.");
            }
            else
            {
                seen[rule.Identity] = position;
            }
        }

        return errors;
    }

    /// <summary>First matching rule per target wins; nothing matched ⇒ unattributed.</summary>
    public AttributionResult Resolve(AttributionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        string? team = null, feature = null;
        int? teamRule = null, featureRule = null;
        foreach (var rule in _compiled)
        {
            var isTeam = rule.Rule.Target == AttributionTargets.Team;
            if (isTeam ? team is not null : feature is not null)
            {
                continue;
            }

            if (rule.TryAssign(inputs) is not { } assigned)
            {
                continue;
            }

            if (isTeam)
            {
                (team, teamRule) = (assigned, rule.Position);
            }
            else
            {
                (feature, featureRule) = (assigned, rule.Position);
            }

            if (team is not null && feature is not null)
            {
                break;
            }
        }

        return new AttributionResult(team ?? Facts.Attribution.Unattributed, feature ?? Facts.Attribution.Unattributed, teamRule, featureRule);
    }

    private static string SourceList => string.Join(", ", AttributionSources.All.Take(AttributionSources.All.Count - 1)) + " or " + AttributionSources.All[^1];

    private sealed record CompiledRule(AttributionRule Rule, int Position, ValuePattern Pattern, bool TakesValue)
    {
        /// <summary>The assigned name when the rule's value matches; null otherwise.</summary>
        public string? TryAssign(AttributionInputs inputs)
        {
            var value = Rule.Source switch
            {
                AttributionSources.Tag => inputs.Tags.GetValueOrDefault(Rule.Key!),
                AttributionSources.LogMetadata => inputs.LogMetadata.GetValueOrDefault(Rule.Key!),
                AttributionSources.Principal => inputs.Principal,
                AttributionSources.Account => inputs.AccountId,
                AttributionSources.InferenceProfile => inputs.InferenceProfile,
                _ => null,
            };
            value = value?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (!Pattern.IsMatch(value))
            {
                // A profile may be written as its ARN or its id: a rule on the id matches the ARN too.
                var slash = value.LastIndexOf('/');
                if (Rule.Source != AttributionSources.InferenceProfile || slash < 0 || !Pattern.IsMatch(value[(slash + 1)..]))
                {
                    return null;
                }

                value = value[(slash + 1)..];
            }

            return TakesValue ? value : Rule.Assign;
        }
    }
}

/// <summary>A rule set that does not validate; <see cref="Errors"/> lists every problem.</summary>
public sealed class AttributionRulesException(IReadOnlyList<AttributionRuleError> errors)
    : ArgumentException("Invalid attribution rules: " + string.Join("; ", errors))
{
    public IReadOnlyList<AttributionRuleError> Errors { get; } = errors;
}
