using FinOpsDashboard.Domain.Attribution;

namespace FinOpsDashboard.Web.Components.Pages.Admin.Attribution;

/// <summary>One rule row while it is being edited (bound to the inputs).</summary>
public sealed class EditableRule
{
    public string Target { get; set; } = AttributionTargets.Team;
    public string Source { get; set; } = AttributionSources.Tag;
    public string? Key { get; set; }
    public string Match { get; set; } = "*";
    public string Assign { get; set; } = AttributionRule.MatchedValue;
    public bool Editing { get; set; }

    public bool NeedsKey => AttributionSources.NeedsKey(Source);

    public AttributionRule ToRule() => new(Target, Source, Key, Match, Assign);

    public static EditableRule From(AttributionRule rule) => new()
    {
        Target = rule.Target,
        Source = rule.Source,
        Key = rule.Key,
        Match = rule.Match,
        Assign = rule.Assign,
    };
}

/// <summary>
/// The draft the admin page edits: the active version's rules, reordered, added, changed or deleted. Kept out of the
/// component so the editing rules are plain code: precedence is list order, and the draft compares to the active
/// version through the same diff the history shows.
/// </summary>
public sealed class AttributionRulesEditor(IReadOnlyList<AttributionRule> active)
{
    public IReadOnlyList<AttributionRule> Active { get; } = active;

    public List<EditableRule> Rows { get; } = active.Select(EditableRule.From).ToList();

    /// <summary>The draft, normalised, in precedence order.</summary>
    public IReadOnlyList<AttributionRule> ToRules() => Rows.Select(r => r.ToRule().Normalised()).ToList();

    /// <summary>What saving would change, as the history will show it.</summary>
    public IReadOnlyList<AttributionRuleChange> Changes => AttributionRuleDiff.Between(Active, ToRules());

    public bool IsChanged => Changes.Count > 0;

    public void MoveUp(int index)
    {
        if (index > 0 && index < Rows.Count)
        {
            (Rows[index - 1], Rows[index]) = (Rows[index], Rows[index - 1]);
        }
    }

    public void MoveDown(int index) => MoveUp(index + 1);

    public void Remove(int index)
    {
        if (index >= 0 && index < Rows.Count)
        {
            Rows.RemoveAt(index);
        }
    }

    /// <summary>A new rule at the end (lowest precedence), open for editing.</summary>
    public EditableRule Add()
    {
        var row = new EditableRule { Key = "team", Editing = true };
        Rows.Add(row);
        return row;
    }

    public void Reset()
    {
        Rows.Clear();
        Rows.AddRange(Active.Select(EditableRule.From));
    }
}
