using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Anomalies;

/// <summary>
/// The review actions on our anomalies: acknowledge, explain (a note is required) and mark planned. Each change is kept in
/// anomaly_events with who, when, from, to and the note. The caller's scope is checked here, not only in the page: a manager
/// can act only on flags they can see.
/// </summary>
public sealed class AnomalyReview(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;

    public async Task<SpendAnomaly> ChangeStatusAsync(long id, AnomalyStatus to, string? note, string by, AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (to == AnomalyStatus.New)
        {
            throw new ArgumentException("An anomaly can be acknowledged, explained or marked planned; it cannot be set back to new.", nameof(to));
        }

        if (to == AnomalyStatus.Explained && text is null)
        {
            throw new ArgumentException("Explaining an anomaly needs a note saying what caused it.", nameof(note));
        }

        if (text is { Length: > MaxNoteLength })
        {
            throw new ArgumentException($"The note is {text.Length} characters; keep it under {MaxNoteLength}.", nameof(note));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var anomaly = await AnomalyQuery.Visible(db.Anomalies, scope).FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"No anomaly {id} among those you may see.");

        var now = clock.GetUtcNow().UtcDateTime;
        db.AnomalyEvents.Add(new SpendAnomalyEvent
        {
            AnomalyId = anomaly.Id, At = now, By = by, FromStatus = anomaly.Status, ToStatus = to.Slug(), Note = text,
        });
        anomaly.Status = to.Slug();
        anomaly.Note = text ?? anomaly.Note;
        anomaly.StatusBy = by;
        anomaly.StatusAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return anomaly;
    }
}
