using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Infrastructure.Budgets;
using FinOpsDashboard.Infrastructure.Security;
using FinOpsDashboard.Web.Security;

namespace FinOpsDashboard.Web.Components.Pages.Admin.Budgets;

/// <summary>One threshold row while it is edited.</summary>
public sealed class EditableThreshold
{
    public int Percent { get; set; } = 80;
    public string Basis { get; set; } = ThresholdBases.Actual;
}

/// <summary>
/// The admin page's form and its handlers, kept out of the component so they are plain, testable code. Every
/// handler asks <see cref="BudgetService"/>, which re-checks that the signed-in user is an admin: a hidden button
/// or a forged circuit event from another role changes nothing.
/// </summary>
public sealed class BudgetEditor(BudgetService budgets, CurrentUser currentUser)
{
    private Dictionary<string, List<string>> _errors = [];

    public long? EditingId { get; private set; }
    public string Name { get; set; } = "";
    public string ScopeKind { get; set; } = BudgetScopeKinds.Team;
    public string? ScopeValue { get; set; }
    public string Period { get; set; } = BudgetPeriodKinds.Monthly;
    public decimal? Amount { get; set; }
    public List<EditableThreshold> Thresholds { get; } = Defaults();
    public bool SyncToAws { get; set; }

    /// <summary>A problem that belongs to no field (permission, a budget deleted meanwhile).</summary>
    public string? Error { get; private set; }

    public string? Notice { get; private set; }

    /// <summary>Messages for one field: name, scope, period, amount, thresholds.</summary>
    public IReadOnlyList<string> ErrorsFor(string field) => _errors.TryGetValue(field, out var list) ? list : [];

    public bool HasErrors => _errors.Count > 0 || Error is not null;

    public BudgetDraft ToDraft() => new(
        Name,
        ScopeKind == BudgetScopeKinds.Total ? BudgetScope.Total : new BudgetScope(ScopeKind, ScopeValue),
        Period,
        Amount ?? 0m,
        Thresholds.Select(t => new ThresholdRule(t.Percent, t.Basis)).ToList(),
        SyncToAws);

    public void Edit(Budget budget)
    {
        EditingId = budget.Id;
        Name = budget.Name;
        ScopeKind = budget.ScopeKind;
        ScopeValue = budget.ScopeValue;
        Period = budget.Period;
        Amount = budget.Amount;
        SyncToAws = budget.SyncToAws;
        Thresholds.Clear();
        Thresholds.AddRange(budget.ThresholdRules.Select(t => new EditableThreshold { Percent = t.Percent, Basis = t.Basis }));
        ClearMessages();
    }

    public void Reset()
    {
        EditingId = null;
        (Name, ScopeKind, ScopeValue, Period, Amount, SyncToAws) = ("", BudgetScopeKinds.Team, null, BudgetPeriodKinds.Monthly, null, false);
        Thresholds.Clear();
        Thresholds.AddRange(Defaults());
    }

    public void AddThreshold() => Thresholds.Add(new EditableThreshold { Percent = 90, Basis = ThresholdBases.Forecast });

    public void RemoveThreshold(EditableThreshold threshold) => Thresholds.Remove(threshold);

    /// <summary>Creates or updates; null when refused (the reasons are in <see cref="ErrorsFor"/> and <see cref="Error"/>).</summary>
    public async Task<Budget?> SaveAsync(CancellationToken cancellationToken)
    {
        ClearMessages();
        var actor = (await currentUser.GetAsync()).ToActor();
        try
        {
            var saved = EditingId is { } id
                ? await budgets.UpdateAsync(id, ToDraft(), actor, cancellationToken)
                : await budgets.CreateAsync(ToDraft(), actor, cancellationToken);
            Notice = EditingId is null ? $"Created “{saved.Name}” and evaluated it." : $"Saved “{saved.Name}” and re-evaluated it.";
            Reset();
            return saved;
        }
        catch (BudgetValidationException ex)
        {
            _errors = ex.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToList());
        }
        catch (PermissionDeniedException ex)
        {
            Error = ex.Message;
        }

        return null;
    }

    public async Task<bool> DeleteAsync(long id, string name, CancellationToken cancellationToken)
    {
        ClearMessages();
        try
        {
            await budgets.DeleteAsync(id, (await currentUser.GetAsync()).ToActor(), cancellationToken);
            Notice = $"Deleted “{name}”. Its alerts stay in the alert centre.";
            if (EditingId == id)
            {
                Reset();
            }

            return true;
        }
        catch (BudgetValidationException ex)
        {
            Error = ex.Message;
        }
        catch (PermissionDeniedException ex)
        {
            Error = ex.Message;
        }

        return false;
    }

    private void ClearMessages()
    {
        _errors = [];
        (Error, Notice) = (null, null);
    }

    private static List<EditableThreshold> Defaults() =>
        BudgetDraft.DefaultThresholds.Select(t => new EditableThreshold { Percent = t.Percent, Basis = t.Basis }).ToList();
}
