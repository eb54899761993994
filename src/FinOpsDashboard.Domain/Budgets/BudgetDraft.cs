namespace FinOpsDashboard.Domain.Budgets;

/// <summary>Whether a threshold compares the actual spend so far or the projected spend at period end.</summary>
public static class ThresholdBases
{
    public const string Actual = "actual";
    public const string Forecast = "forecast";

    public static IReadOnlyList<string> All { get; } = [Actual, Forecast];

    public static string Label(string basis) => basis == Forecast ? "forecast" : "actual";
}

/// <summary>An alert threshold: <see cref="Percent"/> of the budget amount (80 = 80 %), on actual or forecast spend.</summary>
public sealed record ThresholdRule(int Percent, string Basis)
{
    /// <summary>The threshold in dollars: 80 % of $2,500 → $2,000.</summary>
    public decimal AmountOf(decimal budgetAmount) => budgetAmount * Percent / 100m;

    public override string ToString() => $"{Percent} % of {ThresholdBases.Label(Basis)}";
}

/// <summary>What an admin fills in to create or change a budget (also the pure input of validation and evaluation).</summary>
public sealed record BudgetDraft(string Name, BudgetScope Scope, string Period, decimal Amount, IReadOnlyList<ThresholdRule> Thresholds, bool SyncToAws = false)
{
    /// <summary>The usual set: 50 % and 80 % and 100 % of actual, 100 % of forecast.</summary>
    public static IReadOnlyList<ThresholdRule> DefaultThresholds { get; } =
    [
        new(50, ThresholdBases.Actual),
        new(80, ThresholdBases.Actual),
        new(100, ThresholdBases.Actual),
        new(100, ThresholdBases.Forecast),
    ];

    /// <summary>The name shown when the admin leaves it empty: "Team support · monthly".</summary>
    public string EffectiveName => string.IsNullOrWhiteSpace(Name)
        ? $"{(Scope.IsTotal ? "All Bedrock spend" : $"{BudgetScopeKinds.Label(Scope.Kind)} {Scope.Value}")} · {Period}"
        : Name.Trim();

    /// <summary>Trimmed, thresholds in a stable order (basis, then percent).</summary>
    public BudgetDraft Normalised() => this with
    {
        Name = Name?.Trim() ?? "",
        Scope = Scope.IsTotal ? BudgetScope.Total : new BudgetScope(Scope.Kind?.Trim() ?? "", Scope.Value?.Trim()),
        Period = Period?.Trim() ?? "",
        Thresholds = Thresholds.OrderBy(t => t.Basis, StringComparer.Ordinal).ThenBy(t => t.Percent).ToList(),
    };
}
