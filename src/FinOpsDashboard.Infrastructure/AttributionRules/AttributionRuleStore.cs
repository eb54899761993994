using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.AttributionRules;

/// <summary>The active (latest) rule version.</summary>
public sealed record ActiveAttributionRules(int Version, DateTime CreatedAt, string CreatedBy, string? Note, AttributionRuleSet RuleSet);

/// <summary>One version in the history, with what changed from the version before it.</summary>
public sealed record AttributionVersionSummary(
    int Version, DateTime CreatedAt, string CreatedBy, string? Note, IReadOnlyList<AttributionRule> Rules, IReadOnlyList<AttributionRuleChange> Changes)
{
    public bool IsInitial => Version == 1;
}

/// <summary>The outcome of saving: the new version, or why nothing was saved.</summary>
public sealed record AttributionSaveResult(int? Version, IReadOnlyList<AttributionRuleError> Errors)
{
    public bool Saved => Version is not null;
}

/// <summary>
/// The versioned attribution rules. The active set is the latest version; version 1 is seeded from the configured keys
/// (<see cref="AttributionRuleSet.Default"/>) the first time anything asks. Saving always inserts a new version with
/// its rules; no stored version is ever changed.
/// </summary>
public sealed class AttributionRuleStore(IDbContextFactory<FinOpsDbContext> dbFactory, AttributionKeys keys, TimeProvider clock)
{
    public const string SystemUser = "system";
    public const string SeedNote = "Default rules: the team and feature tags, and the team and feature requestMetadata keys, taken as is";

    public AttributionKeys Keys => keys;

    public async Task<ActiveAttributionRules> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ActiveAsync(db, cancellationToken);
    }

    /// <summary>In the caller's context (and transaction, if one is open): what a write resolves with is what it read under its lock.</summary>
    public async Task<ActiveAttributionRules> ActiveAsync(FinOpsDbContext db, CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(db, cancellationToken);
        if (latest is null)
        {
            latest = await SeedAsync(db, cancellationToken);
        }

        // Stored versions were validated when saved; a key since dropped from configuration only makes a rule never match.
        return new ActiveAttributionRules(latest.Version, latest.CreatedAt, latest.CreatedBy, latest.Note, AttributionRuleSet.Create(latest.ToRules()));
    }

    /// <summary>The active rules as a resolver for one operation.</summary>
    public async Task<FactAttributor> AttributorAsync(FinOpsDbContext db, CancellationToken cancellationToken)
    {
        var active = await ActiveAsync(db, cancellationToken);
        return new FactAttributor(active.Version, active.RuleSet, keys);
    }

    public async Task<FactAttributor> AttributorAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AttributorAsync(db, cancellationToken);
    }

    /// <summary>Validation against the captured keys; empty when the rules can be saved.</summary>
    public IReadOnlyList<AttributionRuleError> Validate(IReadOnlyList<AttributionRule> rules) => AttributionRuleSet.Validate(rules, keys);

    /// <summary>
    /// Saves <paramref name="rules"/> as version (latest + 1). Refused, with a message, when a rule is invalid or when
    /// someone saved another version since <paramref name="basedOnVersion"/> was loaded (their rules would be lost).
    /// </summary>
    public async Task<AttributionSaveResult> SaveAsync(
        IReadOnlyList<AttributionRule> rules, string? note, string createdBy, int basedOnVersion, CancellationToken cancellationToken)
    {
        if (!AttributionRuleSet.TryCreate(rules, keys, out var ruleSet, out var errors))
        {
            return new AttributionSaveResult(null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var active = await ActiveAsync(db, cancellationToken);
        if (active.Version != basedOnVersion)
        {
            return new AttributionSaveResult(null, [new AttributionRuleError(0, "version",
                $"Version {active.Version} was saved (by {active.CreatedBy}, {active.CreatedAt:yyyy-MM-dd HH:mm} UTC) after you loaded version {basedOnVersion}: reload to see it, then apply your edits again.")]);
        }

        var version = active.Version + 1;
        db.AttributionRuleSets.Add(NewVersion(version, ruleSet!, string.IsNullOrWhiteSpace(createdBy) ? SystemUser : createdBy.Trim(), note));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return new AttributionSaveResult(null, [new AttributionRuleError(0, "version", $"Another version {version} was saved at the same moment: reload and apply your edits again.")]);
        }

        await transaction.CommitAsync(cancellationToken);
        return new AttributionSaveResult(version, []);
    }

    /// <summary>Every version, newest first, each with its diff from the version before.</summary>
    public async Task<IReadOnlyList<AttributionVersionSummary>> HistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await ActiveAsync(db, cancellationToken);
        var versions = await db.AttributionRuleSets.AsNoTracking().Include(v => v.Rules).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        var summaries = new List<AttributionVersionSummary>(versions.Count);
        IReadOnlyList<AttributionRule> previous = [];
        foreach (var v in versions)
        {
            var rules = v.ToRules();
            summaries.Add(new AttributionVersionSummary(v.Version, v.CreatedAt, v.CreatedBy, v.Note, rules, AttributionRuleDiff.Between(previous, rules)));
            previous = rules;
        }

        summaries.Reverse();
        return summaries;
    }

    private static async Task<AttributionRuleSetVersion?> LatestAsync(FinOpsDbContext db, CancellationToken cancellationToken) =>
        await db.AttributionRuleSets.AsNoTracking().Include(v => v.Rules).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);

    private async Task<AttributionRuleSetVersion> SeedAsync(FinOpsDbContext db, CancellationToken cancellationToken)
    {
        var seed = NewVersion(1, AttributionRuleSet.Default(keys), SystemUser, SeedNote);
        db.AttributionRuleSets.Add(seed);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return seed;
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Another process seeded first: theirs is version 1.
            db.ChangeTracker.Clear();
            return await LatestAsync(db, cancellationToken) ?? throw new InvalidOperationException("The attribution rules could not be seeded.", ex);
        }
    }

    private AttributionRuleSetVersion NewVersion(int version, AttributionRuleSet rules, string createdBy, string? note) => new()
    {
        Version = version,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
        CreatedBy = createdBy,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        Rules = rules.Rules.Select((r, i) => AttributionRuleEntry.From(r, i + 1)).ToList(),
    };
}
