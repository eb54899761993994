using System.Globalization;

namespace FinOpsDashboard.Domain.Budgets;

/// <summary>One thing wrong with a draft, with the form field it belongs to (name, scope, period, amount, thresholds).</summary>
public sealed record BudgetValidationError(string Field, string Message);

/// <summary>The values a scope may name: what the stored spend knows (plus the fixed pricing modes).</summary>
public sealed record BudgetScopeValues(
    IReadOnlyCollection<string> Teams,
    IReadOnlyCollection<string> Features,
    IReadOnlyCollection<string> Models,
    IReadOnlyCollection<string> PricingModes)
{
    public static BudgetScopeValues None { get; } = new([], [], [], []);

    public IReadOnlyCollection<string> For(string kind) => kind switch
    {
        BudgetScopeKinds.Team => Teams,
        BudgetScopeKinds.Feature => Features,
        BudgetScopeKinds.Model => Models,
        BudgetScopeKinds.PricingMode => PricingModes,
        _ => [],
    };
}

/// <summary>An existing budget, as the duplicate check needs it.</summary>
public sealed record ExistingBudget(long Id, string Name, BudgetScope Scope, string Period);

/// <summary>The rules a budget must meet before it is stored.</summary>
public static class BudgetValidation
{
    /// <summary>Above this a typo is likelier than a real Bedrock budget (and AWS Budgets caps amounts too).</summary>
    public const decimal MaxAmount = 100_000_000m;

    public const int MinThresholdPercent = 1;
    public const int MaxThresholdPercent = 1000;
    public const int MaxThresholds = 10;

    /// <summary>AWS Budgets allows five notifications per budget; each threshold becomes one.</summary>
    public const int MaxAwsNotifications = 5;

    public const int MaxNameLength = 80;

    /// <summary>Every problem at once, so the form can show each next to its field; empty when the draft is fine.</summary>
    public static IReadOnlyList<BudgetValidationError> Validate(BudgetDraft draft, BudgetScopeValues known, IEnumerable<ExistingBudget> existing, long? editingId)
    {
        var errors = new List<BudgetValidationError>();
        var name = draft.Name?.Trim() ?? "";
        if (name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"Name: at most {MaxNameLength} characters."));
        }

        var kind = draft.Scope.Kind ?? "";
        var value = draft.Scope.Value?.Trim();
        if (!BudgetScopeKinds.IsKnown(kind))
        {
            errors.Add(new("scope", $"Scope '{kind}' is unknown: use {string.Join(", ", BudgetScopeKinds.All)}."));
        }
        else if (kind != BudgetScopeKinds.Total)
        {
            var label = BudgetScopeKinds.Label(kind).ToLowerInvariant();
            var values = known.For(kind);
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(new("scope", $"Choose the {label} this budget covers."));
            }
            else if (!values.Contains(value, StringComparer.Ordinal))
            {
                var hint = values.Count == 0 ? $"no {label} has spend yet" : $"known: {string.Join(", ", values.Order(StringComparer.Ordinal).Take(12))}{(values.Count > 12 ? ", …" : "")}";
                errors.Add(new("scope", $"Unknown {label} '{value}' ({hint})."));
            }
        }

        if (!BudgetPeriodKinds.IsKnown(draft.Period ?? ""))
        {
            errors.Add(new("period", $"Period '{draft.Period}' is unknown: use {string.Join(", ", BudgetPeriodKinds.All)}."));
        }

        if (draft.Amount <= 0)
        {
            errors.Add(new("amount", "Amount: must be more than $0."));
        }
        else if (draft.Amount > MaxAmount)
        {
            errors.Add(new("amount", $"Amount: {Money.Usd(draft.Amount)} is above the {Money.Usd(MaxAmount, 0)} limit; check for a typo."));
        }
        else if (decimal.Round(draft.Amount, 2) != draft.Amount)
        {
            errors.Add(new("amount", "Amount: whole cents only (at most two decimals)."));
        }

        errors.AddRange(ThresholdErrors(draft));

        if (errors.All(e => e.Field != "scope" && e.Field != "period"))
        {
            var scope = kind == BudgetScopeKinds.Total ? BudgetScope.Total : new BudgetScope(kind, value);
            var duplicate = existing.FirstOrDefault(b => b.Id != editingId && b.Scope == scope && b.Period == draft.Period);
            if (duplicate is not null)
            {
                errors.Add(new("scope", $"A {draft.Period} budget for {scope.Describe()} already exists (\"{duplicate.Name}\", #{duplicate.Id.ToString(CultureInfo.InvariantCulture)}): edit that one instead."));
            }
        }

        return errors;
    }

    private static IEnumerable<BudgetValidationError> ThresholdErrors(BudgetDraft draft)
    {
        if (draft.Thresholds.Count > MaxThresholds)
        {
            yield return new("thresholds", $"At most {MaxThresholds} thresholds.");
        }

        foreach (var threshold in draft.Thresholds)
        {
            if (threshold.Percent is < MinThresholdPercent or > MaxThresholdPercent)
            {
                yield return new("thresholds", $"Threshold {threshold.Percent} %: must be between {MinThresholdPercent} % and {MaxThresholdPercent} %.");
            }

            if (!ThresholdBases.All.Contains(threshold.Basis, StringComparer.Ordinal))
            {
                yield return new("thresholds", $"Threshold basis '{threshold.Basis}': use actual or forecast.");
            }
        }

        foreach (var repeated in draft.Thresholds.GroupBy(t => (t.Percent, t.Basis)).Where(g => g.Count() > 1))
        {
            yield return new("thresholds", $"Threshold {repeated.Key.Percent} % of {repeated.Key.Basis} is listed twice.");
        }

        if (draft.SyncToAws && draft.Thresholds.Count > MaxAwsNotifications)
        {
            yield return new("thresholds", $"AWS Budgets allows {MaxAwsNotifications} notifications per budget: keep at most {MaxAwsNotifications} thresholds, or turn AWS sync off.");
        }
    }
}
