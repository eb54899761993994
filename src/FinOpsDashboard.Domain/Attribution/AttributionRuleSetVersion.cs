namespace FinOpsDashboard.Domain.Attribution;

/// <summary>
/// One saved version of the attribution rules. Versions are never edited: saving makes a new one, and the active rule
/// set is always the latest version (so exactly one is active).
/// </summary>
public sealed class AttributionRuleSetVersion
{
    /// <summary>1, 2, 3...: version 1 is seeded from the configured tag and metadata keys.</summary>
    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The signed-in user who saved it, or "system".</summary>
    public required string CreatedBy { get; set; }

    public string? Note { get; set; }

    public List<AttributionRuleEntry> Rules { get; set; } = [];

    public IReadOnlyList<AttributionRule> ToRules() => Rules.OrderBy(r => r.Position).Select(r => r.ToRule()).ToList();
}

/// <summary>One rule of a stored version, at its 1-based precedence <see cref="Position"/>.</summary>
public sealed class AttributionRuleEntry
{
    public long Id { get; set; }
    public int RuleSetVersion { get; set; }
    public int Position { get; set; }

    /// <summary>team | feature.</summary>
    public required string Target { get; set; }

    /// <summary>tag | log-metadata | inference-profile | principal | account.</summary>
    public required string Source { get; set; }

    /// <summary>Tag key or requestMetadata key; null for the other sources.</summary>
    public string? Key { get; set; }

    public required string Match { get; set; }
    public required string Assign { get; set; }

    public AttributionRule ToRule() => new(Target, Source, Key, Match, Assign);

    public static AttributionRuleEntry From(AttributionRule rule, int position) => new()
    {
        Position = position,
        Target = rule.Target,
        Source = rule.Source,
        Key = rule.Key,
        Match = rule.Match,
        Assign = rule.Assign,
    };
}
