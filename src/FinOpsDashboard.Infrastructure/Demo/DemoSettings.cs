using System.Globalization;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Demo;

/// <summary>
/// The demo organisation's identity, stored in app_settings when it is seeded so that later runs (and
/// restarts) keep extending the same organisation instead of inventing a new one.
/// </summary>
public sealed record DemoSettings(int Seed, DateOnly AnchorDay, int HistoryDays, DemoScale Scale)
{
    private const string SeedKey = "demo.seed";
    private const string AnchorKey = "demo.anchor";
    private const string DaysKey = "demo.historyDays";
    private const string ScaleKey = "demo.scale";

    public static async Task<DemoSettings?> LoadAsync(FinOpsDbContext db, CancellationToken cancellationToken)
    {
        var values = await db.AppSettings
            .Where(s => s.Key.StartsWith("demo."))
            .ToDictionaryAsync(s => s.Key, s => s.Value, cancellationToken);
        if (!values.TryGetValue(SeedKey, out var seed) || !values.TryGetValue(AnchorKey, out var anchor))
        {
            return null;
        }

        return new DemoSettings(
            int.Parse(seed, CultureInfo.InvariantCulture),
            DateOnly.ParseExact(anchor, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            values.TryGetValue(DaysKey, out var days) ? int.Parse(days, CultureInfo.InvariantCulture) : 120,
            values.TryGetValue(ScaleKey, out var scale) && Enum.TryParse<DemoScale>(scale, ignoreCase: true, out var s) ? s : DemoScale.Standard);
    }

    public async Task SaveAsync(FinOpsDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        await db.AppSettings.Where(s => s.Key.StartsWith("demo.")).ExecuteDeleteAsync(cancellationToken);
        db.AppSettings.AddRange(
            new AppSetting { Key = SeedKey, Value = Seed.ToString(CultureInfo.InvariantCulture), UpdatedAt = now },
            new AppSetting { Key = AnchorKey, Value = AnchorDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), UpdatedAt = now },
            new AppSetting { Key = DaysKey, Value = HistoryDays.ToString(CultureInfo.InvariantCulture), UpdatedAt = now },
            new AppSetting { Key = ScaleKey, Value = Scale.ToString(), UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
    }
}
