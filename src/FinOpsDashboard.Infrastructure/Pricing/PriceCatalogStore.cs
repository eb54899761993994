using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Pricing;

/// <summary>A new price as an admin enters it. Region null = any region; CacheTtl only for cache writes ("5m" when omitted).</summary>
public sealed record PriceInput(
    string Model,
    string? Region,
    string Direction,
    string PricingMode,
    string CrossRegion,
    string? CacheTtl,
    decimal UsdPerMillion,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo = null,
    string? Note = null,
    string? Provenance = null);

/// <summary>The outcome of a change: the entry written (and the one it closed), or why nothing was written.</summary>
public sealed record PriceCatalogChange(IReadOnlyList<string> Errors, PriceCatalogEntry? Entry = null, PriceCatalogEntry? Closed = null)
{
    public bool Succeeded => Errors.Count == 0;

    public static PriceCatalogChange Failed(params string[] errors) => new(errors);
}

/// <summary>
/// Lists, adds, edits and closes price catalog entries, and seeds the representative prices into an empty table.
/// Every write runs under SQLite's write lock (BEGIN IMMEDIATE), so the overlap check and the write cannot interleave
/// with another writer's, and two processes seeding at start-up insert the seed once.
/// </summary>
public sealed class PriceCatalogStore(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNoteLength = 500;

    public async Task<IReadOnlyList<PriceCatalogEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PriceCatalogEntries.AsNoTracking()
            .OrderBy(e => e.Model).ThenBy(e => e.Direction).ThenBy(e => e.EffectiveFrom)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The catalog every estimate uses. A store nobody seeded yet prices as the seed would: representative prices.</summary>
    public async Task<PriceCatalog> LoadAsync(CancellationToken cancellationToken)
    {
        var entries = await ListAsync(cancellationToken);
        return entries.Count == 0 ? PriceCatalog.Representative() : new PriceCatalog(entries);
    }

    /// <summary>Inserts the representative prices when the table is empty; returns how many (0 when it was not empty).</summary>
    public async Task<int> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(db, cancellationToken);
        if (await db.PriceCatalogEntries.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var seed = PriceCatalog.RepresentativeEntries(clock.GetUtcNow().UtcDateTime);
        db.PriceCatalogEntries.AddRange(seed);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return seed.Count;
    }

    /// <summary>
    /// Adds a price effective from <see cref="PriceInput.EffectiveFrom"/>. The entry for the same charge in force that
    /// day (starting earlier) is closed the day before; any other overlap is refused with the clashing entry named.
    /// </summary>
    public async Task<PriceCatalogChange> AddAsync(PriceInput input, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var who = Actor(changedBy);
        var now = clock.GetUtcNow().UtcDateTime;
        var candidate = new PriceCatalogEntry
        {
            Model = input.Model?.Trim() ?? "",
            Region = PriceDimensions.NormaliseRegion(input.Region),
            Direction = input.Direction?.Trim().ToLowerInvariant() ?? "",
            PricingMode = input.PricingMode?.Trim().ToLowerInvariant() ?? "",
            CrossRegion = string.IsNullOrWhiteSpace(input.CrossRegion) ? PriceDimensions.InRegion : input.CrossRegion.Trim().ToLowerInvariant(),
            CacheTtl = string.IsNullOrWhiteSpace(input.CacheTtl) ? null : input.CacheTtl.Trim().ToLowerInvariant(),
            UsdPerMillion = input.UsdPerMillion,
            EffectiveFrom = input.EffectiveFrom,
            EffectiveTo = input.EffectiveTo,
            Provenance = string.IsNullOrWhiteSpace(input.Provenance) ? $"entered by {who}" : input.Provenance.Trim(),
            Note = NormaliseNote(input.Note),
            IsRepresentative = false,
            CreatedAt = now,
            CreatedBy = who,
            UpdatedAt = now,
            UpdatedBy = who,
        };
        if (input.Note is { Length: > MaxNoteLength })
        {
            return PriceCatalogChange.Failed($"A note may be at most {MaxNoteLength} characters.");
        }

        var shapeErrors = PriceCatalog.Validate(candidate, []);
        if (shapeErrors.Count > 0)
        {
            return new PriceCatalogChange(shapeErrors);
        }

        candidate.CacheTtl = candidate.Key.CacheTtl;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(db, cancellationToken);
        var sameModel = await db.PriceCatalogEntries.Where(e => e.Model == candidate.Model && e.Direction == candidate.Direction).ToListAsync(cancellationToken);
        var key = candidate.Key;
        var previous = sameModel
            .Where(e => e.Key == key && e.IsEffectiveOn(candidate.EffectiveFrom) && e.EffectiveFrom < candidate.EffectiveFrom)
            .OrderByDescending(e => e.EffectiveFrom)
            .FirstOrDefault();
        if (previous is not null)
        {
            previous.EffectiveTo = candidate.EffectiveFrom.AddDays(-1);
            previous.UpdatedAt = now;
            previous.UpdatedBy = who;
        }

        var errors = PriceCatalog.Validate(candidate, sameModel);
        if (errors.Count > 0)
        {
            return new PriceCatalogChange(errors);
        }

        db.PriceCatalogEntries.Add(candidate);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PriceCatalogChange([], candidate, previous);
    }

    /// <summary>Replaces an entry's note (blank clears it); the price and its dates are unchanged.</summary>
    public async Task<PriceCatalogChange> UpdateNoteAsync(long id, string? note, string changedBy, CancellationToken cancellationToken)
    {
        if (note is { Length: > MaxNoteLength })
        {
            return PriceCatalogChange.Failed($"A note may be at most {MaxNoteLength} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.PriceCatalogEntries.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return PriceCatalogChange.Failed($"Price #{id} does not exist.");
        }

        entry.Note = NormaliseNote(note);
        entry.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        entry.UpdatedBy = Actor(changedBy);
        await db.SaveChangesAsync(cancellationToken);
        return new PriceCatalogChange([], entry);
    }

    /// <summary>Ends an entry on <paramref name="lastDay"/> (inclusive): after it, the charge falls back to other entries or rules.</summary>
    public async Task<PriceCatalogChange> CloseAsync(long id, DateOnly lastDay, string changedBy, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginImmediateAsync(db, cancellationToken);
        var entry = await db.PriceCatalogEntries.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return PriceCatalogChange.Failed($"Price #{id} does not exist.");
        }

        entry.EffectiveTo = lastDay;
        var others = await db.PriceCatalogEntries.AsNoTracking()
            .Where(e => e.Id != id && e.Model == entry.Model && e.Direction == entry.Direction)
            .ToListAsync(cancellationToken);
        var errors = PriceCatalog.Validate(entry, others);
        if (errors.Count > 0)
        {
            return new PriceCatalogChange(errors);
        }

        entry.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        entry.UpdatedBy = Actor(changedBy);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PriceCatalogChange([], entry);
    }

    private static string Actor(string? changedBy) => string.IsNullOrWhiteSpace(changedBy) ? "unknown" : changedBy.Trim();

    private static string? NormaliseNote(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    /// <summary>
    /// BEGIN IMMEDIATE takes SQLite's write lock up front, so read-check-write is atomic across processes.
    /// The caller owns (commits and disposes) the transaction; EF enlists its SaveChanges in it.
    /// </summary>
    private static async Task<SqliteTransaction> BeginImmediateAsync(FinOpsDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = connection.BeginTransaction(deferred: false);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return transaction;
    }
}
