using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>A budget as the pages and the CLI show it: its definition, its latest evaluation (null until evaluated) and its new alerts.</summary>
public sealed record BudgetView(Budget Budget, StoredBudgetEvaluation? Evaluation, IReadOnlyList<ThresholdStatus> Thresholds, int NewAlerts)
{
    public BudgetPeriod? Period => Evaluation is null ? null : BudgetPeriod.Containing(Budget.Period, Evaluation.PeriodStart);

    /// <summary>The evaluation used the amount and thresholds the budget has now (false right after an edit, until re-evaluated).</summary>
    public bool IsCurrent => Evaluation is not null && Evaluation.Amount == Budget.Amount;

    public IReadOnlyList<BudgetDay> Days() => Evaluation is null ? [] : BudgetEvaluationService.DaysOf(Evaluation);
}

/// <summary>Budgets with their latest evaluation, limited in the SQL to what the caller may see (<see cref="BudgetScope.IsVisibleTo"/>).</summary>
public sealed class BudgetQuery(IDbContextFactory<FinOpsDbContext> dbFactory)
{
    /// <summary>Visible budgets; with <paramref name="team"/>, only the team budgets of that team (the showback page).</summary>
    public async Task<IReadOnlyList<BudgetView>> ListAsync(AccessScope scope, string? team, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var budgets = db.Budgets.AsNoTracking().Include(b => b.Thresholds).AsQueryable();
        if (!scope.AllTeams)
        {
            var teams = scope.Teams.ToList();
            budgets = budgets.Where(b => b.ScopeKind == BudgetScopeKinds.Team && b.ScopeValue != null && teams.Contains(b.ScopeValue));
        }

        if (team is not null)
        {
            budgets = budgets.Where(b => b.ScopeKind == BudgetScopeKinds.Team && b.ScopeValue == team);
        }

        var list = await budgets.OrderBy(b => b.Name).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        var ids = list.Select(b => b.Id).ToList();
        var evaluations = await db.BudgetEvaluations.AsNoTracking().Where(e => ids.Contains(e.BudgetId)).ToListAsync(cancellationToken);
        var newAlerts = await db.Alerts.Where(a => a.BudgetId != null && ids.Contains(a.BudgetId.Value) && a.State == AlertStates.New)
            .GroupBy(a => a.BudgetId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return list.Select(b =>
        {
            // The current period is the latest one evaluated.
            var latest = evaluations.Where(e => e.BudgetId == b.Id).MaxBy(e => e.PeriodStart);
            return new BudgetView(b, latest, latest is null ? [] : BudgetEvaluationService.ThresholdsOf(latest), newAlerts.GetValueOrDefault(b.Id));
        }).ToList();
    }

    public async Task<BudgetView?> GetAsync(long id, AccessScope scope, CancellationToken cancellationToken) =>
        (await ListAsync(scope, null, cancellationToken)).FirstOrDefault(v => v.Budget.Id == id);
}
