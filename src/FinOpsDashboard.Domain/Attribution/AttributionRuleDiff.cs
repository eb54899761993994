namespace FinOpsDashboard.Domain.Attribution;

public enum AttributionChangeKind
{
    Added,
    Removed,

    /// <summary>Same target, source, key and match; a different assignment (and perhaps a new position).</summary>
    Changed,

    /// <summary>Same rule, new precedence.</summary>
    Moved,
}

/// <summary>One line of a version diff: positions are 1-based, null where the rule is not in that version.</summary>
public sealed record AttributionRuleChange(AttributionChangeKind Kind, AttributionRule Rule, int? FromPosition, int? ToPosition, string? PreviousAssign = null)
{
    /// <summary>"Added #2 team: tag[team] = search-* → search", "Changed #3 ... (was → {value})", "Moved #4 → #1 ...".</summary>
    public string Describe() => Kind switch
    {
        AttributionChangeKind.Added => $"Added #{ToPosition} {Rule.Describe()}",
        AttributionChangeKind.Removed => $"Removed #{FromPosition} {Rule.Describe()}",
        AttributionChangeKind.Changed => $"Changed #{ToPosition} {Rule.Describe()} (was → {PreviousAssign}{(FromPosition != ToPosition ? $", at #{FromPosition}" : string.Empty)})",
        _ => $"Moved #{FromPosition} → #{ToPosition} {Rule.Describe()}",
    };
}

/// <summary>
/// What changed between two rule-set versions, readable as a list. A rule is recognised across versions by its target,
/// source, key and match; a new assignment is a change, not a remove-and-add. Rules that keep their relative order
/// (the longest common subsequence) are not reported as moved just because something was inserted before them.
/// </summary>
public static class AttributionRuleDiff
{
    public static IReadOnlyList<AttributionRuleChange> Between(IReadOnlyList<AttributionRule> before, IReadOnlyList<AttributionRule> after)
    {
        var oldKeys = Keyed(before);
        var newKeys = Keyed(after);
        var oldIndex = oldKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var newIndex = newKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);

        // Rules present in both, in the new order; the ones outside the longest run that keeps the old order moved.
        var common = newKeys.Where(oldIndex.ContainsKey).ToList();
        var stayed = LongestIncreasing(common.Select(k => oldIndex[k]).ToList()).Select(i => common[i]).ToHashSet();

        var changes = new List<AttributionRuleChange>();
        for (var i = 0; i < after.Count; i++)
        {
            var rule = after[i];
            if (!oldIndex.TryGetValue(newKeys[i], out var o))
            {
                changes.Add(new AttributionRuleChange(AttributionChangeKind.Added, rule, null, i + 1));
            }
            else if (before[o].Assign != rule.Assign)
            {
                changes.Add(new AttributionRuleChange(AttributionChangeKind.Changed, rule, o + 1, i + 1, before[o].Assign));
            }
            else if (!stayed.Contains(newKeys[i]))
            {
                changes.Add(new AttributionRuleChange(AttributionChangeKind.Moved, rule, o + 1, i + 1));
            }
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (!newIndex.ContainsKey(oldKeys[i]))
            {
                changes.Add(new AttributionRuleChange(AttributionChangeKind.Removed, before[i], i + 1, null));
            }
        }

        return changes;
    }

    /// <summary>Identity plus occurrence, so even duplicate rules (which validation refuses) pair up one to one.</summary>
    private static List<((string, string, string?, string) Identity, int Occurrence)> Keyed(IReadOnlyList<AttributionRule> rules)
    {
        var counts = new Dictionary<(string, string, string?, string), int>();
        var keys = new List<((string, string, string?, string), int)>(rules.Count);
        foreach (var rule in rules)
        {
            var identity = rule.Identity;
            counts[identity] = counts.GetValueOrDefault(identity) + 1;
            keys.Add((identity, counts[identity]));
        }

        return keys;
    }

    /// <summary>Indexes (into <paramref name="values"/>) of one longest strictly increasing subsequence; O(n²), rule sets are short.</summary>
    private static List<int> LongestIncreasing(List<int> values)
    {
        var length = new int[values.Count];
        var previous = new int[values.Count];
        var best = -1;
        for (var i = 0; i < values.Count; i++)
        {
            (length[i], previous[i]) = (1, -1);
            for (var j = 0; j < i; j++)
            {
                if (values[j] < values[i] && length[j] + 1 > length[i])
                {
                    (length[i], previous[i]) = (length[j] + 1, j);
                }
            }

            if (best < 0 || length[i] > length[best])
            {
                best = i;
            }
        }

        var result = new List<int>();
        for (var i = best; i >= 0; i = previous[i])
        {
            result.Add(i);
        }

        result.Reverse();
        return result;
    }
}
