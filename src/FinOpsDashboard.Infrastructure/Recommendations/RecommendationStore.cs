using System.Text.Json;
using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Recommendations;

/// <summary>What the list shows; null = any.</summary>
public sealed record RecommendationQuery(string? Status = null, string? Lever = null, string? Team = null, string? Model = null, bool IncludeInactive = true);

public sealed record RecommendationDetail(StoredRecommendation Recommendation, IReadOnlyList<FindingInput> Inputs, IReadOnlyList<EvidencePoint> Chart, IReadOnlyList<RecommendationEvent> History);

/// <summary>A status change someone asked for, refused: why.</summary>
public sealed class RecommendationChangeException(string message) : Exception(message);

/// <summary>
/// Stored recommendations: the analytics run upserts findings by key (numbers refreshed, workflow state kept, baseline
/// written once); people move them through open → accepted → done or dismissed, every change in the history.
/// Managers see and change only their teams' items (checked here, in the query, not in the page).
/// </summary>
public sealed class RecommendationStore(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public const string AnalyticsActor = "analytics";
    public const int MaxReasonLength = 1000;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<StoredRecommendation>> ListAsync(RecommendationQuery query, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = Scoped(db.Recommendations.AsNoTracking(), scope);
        if (query.Status is { } status)
        {
            rows = rows.Where(r => r.Status == status);
        }

        if (query.Lever is { } lever)
        {
            rows = rows.Where(r => r.Lever == lever);
        }

        if (query.Team is { } team)
        {
            rows = rows.Where(r => r.Team == team);
        }

        if (query.Model is { } model)
        {
            rows = rows.Where(r => r.Model == model);
        }

        if (!query.IncludeInactive)
        {
            rows = rows.Where(r => r.IsActive);
        }

        // Ranked by $ / month; SQLite orders the INTEGER nano-dollars exactly.
        var list = await rows.ToListAsync(cancellationToken);
        return list.OrderByDescending(r => r.IsActive).ThenByDescending(r => r.MonthlySavings).ThenBy(r => r.Id).ToList();
    }

    public async Task<RecommendationDetail?> GetAsync(long id, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var r = await Scoped(db.Recommendations.AsNoTracking(), scope).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (r is null)
        {
            return null;
        }

        var history = await db.RecommendationEvents.AsNoTracking().Where(e => e.RecommendationId == id).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToListAsync(cancellationToken);
        return new RecommendationDetail(
            r,
            JsonSerializer.Deserialize<List<FindingInput>>(r.InputsJson, Json) ?? [],
            JsonSerializer.Deserialize<List<EvidencePoint>>(r.ChartJson, Json) ?? [],
            history);
    }

    /// <summary>
    /// Moves a recommendation to <paramref name="status"/>. Dismissing needs a reason. Refused when the actor's scope
    /// does not cover the item's team (a manager and another team's item, or a team-less item).
    /// </summary>
    public async Task<StoredRecommendation> SetStatusAsync(long id, string status, string? reason, string? owner, string actor, AccessScope scope, CancellationToken cancellationToken)
    {
        if (!RecommendationStatus.IsKnown(status))
        {
            throw new RecommendationChangeException($"Unknown status '{status}'. Known: {string.Join(", ", RecommendationStatus.All)}.");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        owner = string.IsNullOrWhiteSpace(owner) ? null : owner.Trim();
        if (status == RecommendationStatus.Dismissed && reason is null)
        {
            throw new RecommendationChangeException("Say why it is dismissed: the reason is kept with the item.");
        }

        if (reason is { Length: > MaxReasonLength } || owner is { Length: > 200 })
        {
            throw new RecommendationChangeException($"The reason is limited to {MaxReasonLength} characters and the owner to 200.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var r = await Scoped(db.Recommendations, scope).FirstOrDefaultAsync(x => x.Id == id, cancellationToken)
            ?? throw new RecommendationChangeException("No such recommendation, or it is not one of your teams'.");
        var now = clock.GetUtcNow().UtcDateTime;
        var from = r.Status;
        if (from != status)
        {
            r.Status = status;
            r.StatusReason = reason;
            r.StatusChangedAt = now;
            r.StatusChangedBy = actor;
            if (status != RecommendationStatus.Done)
            {
                r.RealisedMonthlySavings = null;
                r.RealisedMeasuredAt = null;
                r.RealisedNote = null;
            }

            db.RecommendationEvents.Add(new RecommendationEvent { RecommendationId = r.Id, At = now, Actor = actor, Action = "status", FromStatus = from, ToStatus = status, Owner = owner ?? r.Owner, Note = reason });
        }
        else if (reason is not null)
        {
            r.StatusReason = reason;
            db.RecommendationEvents.Add(new RecommendationEvent { RecommendationId = r.Id, At = now, Actor = actor, Action = "note", FromStatus = from, ToStatus = status, Note = reason });
        }

        if (owner != r.Owner && owner is not null)
        {
            db.RecommendationEvents.Add(new RecommendationEvent { RecommendationId = r.Id, At = now, Actor = actor, Action = "owner", FromStatus = r.Status, ToStatus = r.Status, Owner = owner, Note = r.Owner is null ? "assigned" : $"was {r.Owner}" });
            r.Owner = owner;
        }

        await db.SaveChangesAsync(cancellationToken);
        return r;
    }

    /// <summary>Stores one run's findings in one transaction; returns (inserted, updated, no longer detected).</summary>
    public async Task<(int Raised, int Refreshed, int Gone)> UpsertAsync(IReadOnlyList<Finding> findings, Domain.Time.DateWindow window, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Recommendations.ToDictionaryAsync(r => r.Key, StringComparer.Ordinal, cancellationToken);
        var raised = 0;
        var refreshed = 0;
        var newEvents = new List<(StoredRecommendation Row, RecommendationEvent Event)>();
        foreach (var f in findings)
        {
            if (!existing.Remove(f.Key, out var row))
            {
                row = new StoredRecommendation
                {
                    Key = f.Key, Lever = f.Lever, Title = f.Title, Confidence = f.Confidence, Evidence = f.Evidence, Formula = f.Formula,
                    InputsJson = "[]", ChartTitle = f.ChartTitle, ChartJson = "[]", Status = RecommendationStatus.Open, FirstRaisedAt = now,
                    MeasurementKind = f.Measurement.Kind, MeasurementModel = f.Measurement.Model, MeasurementTeam = f.Measurement.Team,
                    MeasurementFeature = f.Measurement.Feature, BaselineMonthlyCost = Math.Round(f.Measurement.BaselineMonthlyCost, 2),
                    BaselineCostPerMillion = f.Measurement.BaselineCostPerMillion is { } c ? Math.Round(c, 6) : null,
                    BaselineMonthlySavings = f.MonthlySavings,
                };
                db.Recommendations.Add(row);
                newEvents.Add((row, new RecommendationEvent { At = now, Actor = AnalyticsActor, Action = "raised", ToStatus = RecommendationStatus.Open, Note = $"estimated {Domain.Money.Usd(f.MonthlySavings)} per month" }));
                raised++;
            }
            else
            {
                if (!row.IsActive)
                {
                    db.RecommendationEvents.Add(new RecommendationEvent { RecommendationId = row.Id, At = now, Actor = AnalyticsActor, Action = "detected-again", FromStatus = row.Status, ToStatus = row.Status });
                }

                refreshed++;
            }

            row.Lever = f.Lever;
            row.Title = f.Title;
            row.Model = f.Model;
            row.Team = f.Team;
            row.Feature = f.Feature;
            row.MonthlySavings = f.MonthlySavings;
            row.SavingsClaimed = f.SavingsClaimed;
            row.Confidence = f.Confidence;
            row.Evidence = f.Evidence;
            row.Formula = f.Formula;
            row.InputsJson = JsonSerializer.Serialize(f.Inputs, Json);
            row.Alternative = f.Alternative;
            row.ScopeMonthlyCost = Math.Round(f.ScopeMonthlyCost, 2);
            row.ChartTitle = f.ChartTitle;
            row.ChartJson = JsonSerializer.Serialize(f.Chart, Json);
            row.WindowStart = window.Start;
            row.WindowEnd = window.End;
            row.IsActive = true;
            row.LastDetectedAt = now;
        }

        var gone = 0;
        foreach (var row in existing.Values.Where(r => r.IsActive))
        {
            row.IsActive = false;
            db.RecommendationEvents.Add(new RecommendationEvent { RecommendationId = row.Id, At = now, Actor = AnalyticsActor, Action = "not-detected", FromStatus = row.Status, ToStatus = row.Status, Note = "the latest run no longer finds it" });
            gone++;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (row, e) in newEvents)
        {
            e.RecommendationId = row.Id;
            db.RecommendationEvents.Add(e);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (raised, refreshed, gone);
    }

    /// <summary>Writes the realised saving of each done item (computed by the caller from the current window).</summary>
    public async Task<int> RecordRealisedAsync(Func<StoredRecommendation, (decimal? Saving, string Note)> measure, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var done = await db.Recommendations.Where(r => r.Status == RecommendationStatus.Done).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var r in done)
        {
            var (saving, note) = measure(r);
            r.RealisedMonthlySavings = saving is { } s ? Math.Round(s, 2) : null;
            r.RealisedNote = note;
            r.RealisedMeasuredAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return done.Count;
    }

    /// <summary>Managers: only items of their teams (team-less items are organisation-wide).</summary>
    private static IQueryable<StoredRecommendation> Scoped(IQueryable<StoredRecommendation> rows, AccessScope scope)
    {
        if (scope.AllTeams)
        {
            return rows;
        }

        var teams = scope.Teams.ToList();
        return rows.Where(r => r.Team != null && teams.Contains(r.Team));
    }
}
