using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;

namespace FinOpsDashboard.Domain.Budgets;

/// <summary>What a budget can cover: all Bedrock spend, or one team, feature, model or pricing mode.</summary>
public static class BudgetScopeKinds
{
    public const string Total = "total";
    public const string Team = "team";
    public const string Feature = "feature";
    public const string Model = "model";
    public const string PricingMode = "pricing-mode";

    public static IReadOnlyList<string> All { get; } = [Total, Team, Feature, Model, PricingMode];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);

    public static string Label(string kind) => kind switch
    {
        Total => "All Bedrock spend",
        Team => "Team",
        Feature => "Feature",
        Model => "Model",
        PricingMode => "Pricing mode",
        _ => kind,
    };
}

/// <summary>A budget's slice of spend: <see cref="Value"/> is null for <see cref="BudgetScopeKinds.Total"/>.</summary>
public readonly record struct BudgetScope(string Kind, string? Value)
{
    public static BudgetScope Total { get; } = new(BudgetScopeKinds.Total, null);

    public static BudgetScope Team(string team) => new(BudgetScopeKinds.Team, team);

    public bool IsTotal => Kind == BudgetScopeKinds.Total;

    /// <summary>"team support", "model Claude Sonnet 4.6", "all Bedrock spend".</summary>
    public string Describe() => IsTotal ? "all Bedrock spend" : $"{BudgetScopeKinds.Label(Kind).ToLowerInvariant()} {Value}";

    /// <summary>The spend this budget counts over <paramref name="window"/>: the same filter the explorer would use.</summary>
    public SpendFilter FilterFor(DateWindow window) => Kind switch
    {
        BudgetScopeKinds.Total => new SpendFilter(window),
        BudgetScopeKinds.Team => new SpendFilter(window) { Teams = [Value!] },
        BudgetScopeKinds.Feature => new SpendFilter(window) { Features = [Value!] },
        BudgetScopeKinds.Model => new SpendFilter(window) { Models = [Value!] },
        BudgetScopeKinds.PricingMode => new SpendFilter(window) { PricingModes = [Value!] },
        _ => throw new InvalidOperationException($"Unknown budget scope '{Kind}'."),
    };

    /// <summary>
    /// Who may see a budget's figures. Organisation-wide roles see every budget; a manager sees only budgets of one
    /// of their teams. A total, feature, model or pricing-mode budget adds up spend of teams the manager does not
    /// manage, so its amount and burn would leak their spend: hidden from managers.
    /// </summary>
    public bool IsVisibleTo(AccessScope scope) => scope.AllTeams || (Kind == BudgetScopeKinds.Team && Value is not null && scope.CanSee(Value));

    public override string ToString() => IsTotal ? Kind : $"{Kind}:{Value}";
}
