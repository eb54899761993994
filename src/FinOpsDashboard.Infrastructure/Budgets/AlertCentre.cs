using System.Globalization;
using System.Text.Json;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>
/// The in-app alert centre: alerts the caller may see (organisation-wide roles all; a manager those of their teams'
/// budgets, in the SQL), acknowledging, and retrying deliveries by hand.
/// </summary>
public sealed class AlertCentre(IDbContextFactory<FinOpsDbContext> dbFactory, AlertNotifier notifier, TimeProvider clock)
{
    /// <summary>Newest first; <paramref name="state"/> is new, acknowledged, or null for both.</summary>
    public async Task<IReadOnlyList<BudgetAlert>> ListAsync(AccessScope scope, string? state, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alerts = Visible(db, scope).Include(a => a.Deliveries).AsNoTracking();
        if (state is not null)
        {
            alerts = alerts.Where(a => a.State == state);
        }

        return await alerts.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<int> NewCountAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Visible(db, scope).CountAsync(a => a.State == AlertStates.New, cancellationToken);
    }

    /// <summary>Anyone who may see the alert may acknowledge it (a manager: their teams' alerts).</summary>
    public async Task AcknowledgeAsync(long alertId, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alert = await Visible(db, actor.Scope).SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken)
            ?? throw new PermissionDeniedException("That alert does not exist or is not one of your teams'.");
        if (alert.State == AlertStates.Acknowledged)
        {
            return;
        }

        alert.State = AlertStates.Acknowledged;
        alert.AcknowledgedBy = actor.UserName;
        alert.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify();
    }

    /// <summary>Queues a delivery that gave up again now, with a fresh set of attempts: admins and FinOps leads; audited.</summary>
    public async Task RetryDeliveryAsync(long deliveryId, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.Scope.AllTeams)
        {
            throw new PermissionDeniedException("Only admins and FinOps leads can retry deliveries.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.AlertDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new PermissionDeniedException("That delivery no longer exists.");
        // Only a delivery that gave up: a pending one is already queued (and may be in flight, under its lease).
        if (delivery.Status != DeliveryStatuses.Failed)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { delivery.Status, delivery.Attempts, delivery.LastError };
        delivery.Status = DeliveryStatuses.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = now;
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = actor.UserName,
            Action = "alert.delivery-retried",
            Entity = "alert",
            EntityId = delivery.AlertId.ToString(CultureInfo.InvariantCulture),
            Before = JsonSerializer.Serialize(before),
            After = JsonSerializer.Serialize(new { delivery.Channel, delivery.Status }),
        });
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify();
    }

    /// <summary>The alerts of budgets the scope may see (<see cref="BudgetScope.IsVisibleTo"/>, as SQL).</summary>
    private static IQueryable<BudgetAlert> Visible(FinOpsDbContext db, AccessScope scope)
    {
        if (scope.AllTeams)
        {
            return db.Alerts;
        }

        var teams = scope.Teams.ToList();
        return db.Alerts.Where(a => a.ScopeKind == BudgetScopeKinds.Team && a.ScopeValue != null && teams.Contains(a.ScopeValue));
    }
}
