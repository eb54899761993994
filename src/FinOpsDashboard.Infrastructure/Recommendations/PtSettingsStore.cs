using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Recommendations;

/// <summary>An admin's edit of one model's provisioned-throughput settings.</summary>
public sealed record PtSettingInput(string Model, long? CapacityTokensPerMinutePerUnit, decimal? NoCommitHourlyUsd, decimal? OneMonthHourlyUsd, decimal? SixMonthHourlyUsd);

/// <summary>Per-model PT capacity and prices (admin-set), seeded once with aws-apis.md's representative prices.</summary>
public sealed class PtSettingsStore(IDbContextFactory<FinOpsDbContext> dbFactory, TimeProvider clock)
{
    public const string SeedProvenance = "representative: prices from aws-apis.md; capacity 20,000 tokens/min per unit is the demo's figure — confirm with AWS for your model";

    /// <summary>Capacity above this is a typing mistake (tokens per minute per model unit).</summary>
    public const long MaxCapacity = 100_000_000;

    /// <summary>An hourly price per unit above this is a typing mistake.</summary>
    public const decimal MaxHourlyUsd = 10_000m;

    public async Task<IReadOnlyList<PtModelSetting>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PtModelSettings.AsNoTracking().OrderBy(s => s.Model).ToListAsync(cancellationToken);
    }

    /// <summary>Seeds Nova 2 Lite (capacity and prices) and Llama 3.1 70B (prices) when the table is empty; idempotent.</summary>
    public async Task<int> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Checked and inserted under the write lock (BEGIN IMMEDIATE): the web app and a CLI starting together finish
        // migrating at the same moment, and both seeing an empty table made one fail on the primary key.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await db.PtModelSettings.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.PtModelSettings.AddRange(
            new PtModelSetting
            {
                Model = "Nova 2 Lite", CapacityTokensPerMinutePerUnit = 20_000, NoCommitHourlyUsd = 60.50m, OneMonthHourlyUsd = 55.00m,
                Provenance = SeedProvenance, UpdatedAt = now, UpdatedBy = "seed",
            },
            new PtModelSetting
            {
                Model = "Llama 3.1 70B", CapacityTokensPerMinutePerUnit = null, NoCommitHourlyUsd = 24.00m,
                Provenance = "representative: price from aws-apis.md; capacity unknown until an admin sets it", UpdatedAt = now, UpdatedBy = "seed",
            });
        var seeded = await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return seeded;
    }

    /// <summary>Why the input cannot be saved (empty when it can).</summary>
    public static IReadOnlyList<string> Validate(PtSettingInput input)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Model))
        {
            errors.Add("Model is required.");
        }

        if (input.CapacityTokensPerMinutePerUnit is { } c && (c <= 0 || c > MaxCapacity))
        {
            errors.Add($"Capacity must be between 1 and {MaxCapacity:N0} tokens per minute per model unit.");
        }

        foreach (var (name, value) in new[] { ("No-commitment", input.NoCommitHourlyUsd), ("1-month", input.OneMonthHourlyUsd), ("6-month", input.SixMonthHourlyUsd) })
        {
            if (value is { } v && (v < 0 || v > MaxHourlyUsd))
            {
                errors.Add($"{name} price must be between $0 and {MaxHourlyUsd:N0} per model-unit hour.");
            }
        }

        return errors;
    }

    /// <summary>Creates or replaces one model's settings; returns the validation errors (nothing saved when any).</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(PtSettingInput input, string changedBy, CancellationToken cancellationToken)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = input.Model.Trim();
        var row = await db.PtModelSettings.FirstOrDefaultAsync(s => s.Model == model, cancellationToken);
        if (row is null)
        {
            row = new PtModelSetting { Model = model, Provenance = "admin", UpdatedBy = changedBy };
            db.PtModelSettings.Add(row);
        }

        row.CapacityTokensPerMinutePerUnit = input.CapacityTokensPerMinutePerUnit;
        row.NoCommitHourlyUsd = input.NoCommitHourlyUsd;
        row.OneMonthHourlyUsd = input.OneMonthHourlyUsd;
        row.SixMonthHourlyUsd = input.SixMonthHourlyUsd;
        row.Provenance = "admin";
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = changedBy;
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
