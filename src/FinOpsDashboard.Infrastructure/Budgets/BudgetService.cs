using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>Every problem a draft has, per form field; the message joins them for the CLI and logs.</summary>
public sealed class BudgetValidationException(IReadOnlyList<BudgetValidationError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<BudgetValidationError> Errors { get; } = errors;
}

/// <summary>
/// Creating, changing and deleting budgets: admins only (checked here, whatever the page showed), validated against
/// the stored spend's teams, features and models, audited with before and after, and evaluated right away so the
/// pages show burn without waiting for the next ingestion.
/// </summary>
public sealed class BudgetService(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    SpendReports reports,
    BudgetEvaluationService evaluation,
    TimeProvider clock,
    ILogger<BudgetService> logger)
{
    // Readable in the audit table ("·", "€"): the page escapes HTML itself.
    private static readonly JsonSerializerOptions AuditJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Pricing modes a budget may name even before spend in them is stored.</summary>
    public static readonly IReadOnlyList<string> KnownPricingModes = ["on-demand", "batch", "flex", "priority", "provisioned", "custom-model", "customization"];

    /// <summary>Every admin change, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "budget").OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Every budget with its thresholds (the admin page: unscoped; admins see everything).</summary>
    public async Task<IReadOnlyList<Budget>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Budgets.AsNoTracking().Include(b => b.Thresholds).OrderBy(b => b.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The teams, features, models and pricing modes spend is stored for: what a scope may name.</summary>
    public async Task<BudgetScopeValues> KnownValuesAsync(CancellationToken cancellationToken)
    {
        var everything = new DateWindow(DateOnly.MinValue, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1));
        var teams = await reports.AllTeamsAsync(cancellationToken);
        var features = await reports.ValuesAsync(SpendDimension.Feature, everything, AccessScope.Everything, cancellationToken);
        var models = await reports.ValuesAsync(SpendDimension.Model, everything, AccessScope.Everything, cancellationToken);
        var modes = await reports.ValuesAsync(SpendDimension.PricingMode, everything, AccessScope.Everything, cancellationToken);
        return new BudgetScopeValues(
            teams,
            features.Where(f => f != Attribution.Unattributed).ToList(),
            models,
            KnownPricingModes.Union(modes, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    public async Task<Budget> CreateAsync(BudgetDraft draft, Actor actor, CancellationToken cancellationToken)
    {
        RequireAdmin(actor, "create budgets");
        draft = draft.Normalised();
        var known = await KnownValuesAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        Budget budget;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            await ValidateAsync(db, draft, known, null, cancellationToken);
            budget = new Budget
            {
                Name = draft.EffectiveName,
                ScopeKind = draft.Scope.Kind,
                ScopeValue = draft.Scope.IsTotal ? null : draft.Scope.Value,
                Period = draft.Period,
                Amount = draft.Amount,
                Thresholds = draft.Thresholds.Select(t => new BudgetThreshold { Percent = t.Percent, Basis = t.Basis }).ToList(),
                SyncToAws = draft.SyncToAws,
                AwsSyncState = draft.SyncToAws ? AwsSyncStates.Pending : AwsSyncStates.Off,
                CreatedAt = now,
                CreatedBy = actor.UserName,
                UpdatedAt = now,
                UpdatedBy = actor.UserName,
            };
            db.Budgets.Add(budget);
            await db.SaveChangesAsync(cancellationToken);
            Audit(db, actor, "budget.created", budget.Id, null, Snapshot(budget));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await EvaluateSavedAsync(budget.Id, cancellationToken);
        return budget;
    }

    public async Task<Budget> UpdateAsync(long id, BudgetDraft draft, Actor actor, CancellationToken cancellationToken)
    {
        RequireAdmin(actor, "change budgets");
        draft = draft.Normalised();
        var known = await KnownValuesAsync(cancellationToken);
        Budget budget;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            budget = await db.Budgets.Include(b => b.Thresholds).SingleOrDefaultAsync(b => b.Id == id, cancellationToken)
                ?? throw new BudgetValidationException([new("name", "That budget no longer exists (deleted meanwhile?).")]);
            await ValidateAsync(db, draft, known, id, cancellationToken);
            var before = Snapshot(budget);
            budget.Name = draft.EffectiveName;
            budget.ScopeKind = draft.Scope.Kind;
            budget.ScopeValue = draft.Scope.IsTotal ? null : draft.Scope.Value;
            budget.Period = draft.Period;
            budget.Amount = draft.Amount;
            // Diff rather than clear-and-add: re-adding a kept threshold would track two entities with one key.
            budget.Thresholds.RemoveAll(t => !draft.Thresholds.Contains(new ThresholdRule(t.Percent, t.Basis)));
            budget.Thresholds.AddRange(draft.Thresholds
                .Where(t => !budget.Thresholds.Any(kept => kept.Percent == t.Percent && kept.Basis == t.Basis))
                .Select(t => new BudgetThreshold { BudgetId = id, Percent = t.Percent, Basis = t.Basis }));
            budget.SyncToAws = draft.SyncToAws;
            // Any change may alter what AWS should hold: the next sync compares fingerprints and updates only when needed.
            budget.AwsSyncState = draft.SyncToAws ? AwsSyncStates.Pending : AwsSyncStates.Off;
            budget.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            budget.UpdatedBy = actor.UserName;
            Audit(db, actor, "budget.updated", id, before, Snapshot(budget));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await EvaluateSavedAsync(id, cancellationToken);
        return budget;
    }

    /// <summary>Deletes the budget and its evaluations; its alerts stay in the alert centre (no longer linked). An AWS budget it created is left in AWS.</summary>
    public async Task DeleteAsync(long id, Actor actor, CancellationToken cancellationToken)
    {
        RequireAdmin(actor, "delete budgets");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var budget = await db.Budgets.Include(b => b.Thresholds).SingleOrDefaultAsync(b => b.Id == id, cancellationToken)
            ?? throw new BudgetValidationException([new("name", "That budget no longer exists (deleted meanwhile?).")]);
        Audit(db, actor, "budget.deleted", id, Snapshot(budget), null);
        await db.Alerts.Where(a => a.BudgetId == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.BudgetId, (long?)null), cancellationToken);
        db.Budgets.Remove(budget);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The change is committed either way: a failed evaluation is redone by the next analytics run.</summary>
    private async Task EvaluateSavedAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            await evaluation.EvaluateAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Budget {Id} was saved but could not be evaluated now; the next analytics refresh evaluates it", id);
        }
    }

    private static void RequireAdmin(Actor actor, string what)
    {
        if (!actor.IsAdmin)
        {
            throw new PermissionDeniedException($"Only admins can {what} ({actor.UserName} is {Roles.Label(actor.Role)}).");
        }
    }

    private static async Task ValidateAsync(FinOpsDbContext db, BudgetDraft draft, BudgetScopeValues known, long? editingId, CancellationToken cancellationToken)
    {
        var existing = await db.Budgets.AsNoTracking()
            .Select(b => new { b.Id, b.Name, b.ScopeKind, b.ScopeValue, b.Period })
            .ToListAsync(cancellationToken);
        var errors = BudgetValidation.Validate(draft, known, existing.Select(b => new ExistingBudget(b.Id, b.Name, new BudgetScope(b.ScopeKind, b.ScopeValue), b.Period)), editingId);
        if (errors.Count > 0)
        {
            throw new BudgetValidationException(errors);
        }
    }

    private static object Snapshot(Budget budget) => new
    {
        budget.Name,
        Scope = budget.ScopeKind,
        budget.ScopeValue,
        budget.Period,
        AmountUsd = budget.Amount.ToString("0.00", CultureInfo.InvariantCulture),
        Thresholds = budget.ThresholdRules.Select(t => $"{t.Percent}% {t.Basis}").ToList(),
        budget.SyncToAws,
    };

    private void Audit(FinOpsDbContext db, Actor actor, string action, long budgetId, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor.UserName,
            Action = action,
            Entity = "budget",
            EntityId = budgetId.ToString(CultureInfo.InvariantCulture),
            Before = before is null ? null : JsonSerializer.Serialize(before, AuditJson),
            After = after is null ? null : JsonSerializer.Serialize(after, AuditJson),
        });
}
