using System.Text.Json;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>One place the scheduled import reads: where it was configured and whether the UI may remove it.</summary>
public sealed record ImportSourceEntry(string Location, bool FromConfiguration);

/// <summary>
/// The import sources: those in configuration (Imports:Sources, read-only here) plus those an admin added in the
/// UI (kept in app_settings). Locations are validated when added, so the job never meets a typo first.
/// </summary>
public sealed class ImportSourceRegistry(IDbContextFactory<FinOpsDbContext> dbFactory, IOptions<ImportOptions> options, TimeProvider clock)
{
    private const string SettingKey = "imports.sources";

    public async Task<IReadOnlyList<ImportSourceEntry>> AllAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Sources.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        var added = await AddedAsync(cancellationToken);
        return configured.Select(s => new ImportSourceEntry(s, true))
            .Concat(added.Where(a => !configured.Contains(a, StringComparer.Ordinal)).Select(a => new ImportSourceEntry(a, false)))
            .ToList();
    }

    /// <summary>Adds a local folder/file (absolute, must exist) or an s3://bucket[/prefix] URL; returns why not, or null.</summary>
    public async Task<string?> AddAsync(string location, CancellationToken cancellationToken)
    {
        location = location.Trim();
        if (Validate(location) is { } problem)
        {
            return problem;
        }

        var added = await AddedAsync(cancellationToken);
        if (added.Contains(location, StringComparer.Ordinal) || options.Value.Sources.Contains(location, StringComparer.Ordinal))
        {
            return $"{location} is already a source.";
        }

        added.Add(location);
        await SaveAsync(added, cancellationToken);
        return null;
    }

    public async Task RemoveAsync(string location, CancellationToken cancellationToken)
    {
        var added = await AddedAsync(cancellationToken);
        if (added.Remove(location))
        {
            await SaveAsync(added, cancellationToken);
        }
    }

    public static string? Validate(string location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return "Enter a folder, a file or an s3:// URL.";
        }

        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var bucket = location["s3://".Length..].Split('/')[0];
            return bucket.Length is >= 3 and <= 63 && bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
                ? null
                : $"'{bucket}' is not a valid S3 bucket name (3-63 lower-case letters, digits, dots and hyphens).";
        }

        if (!Path.IsPathRooted(location))
        {
            return "Use an absolute path (the import job runs from the app's working directory).";
        }

        return Directory.Exists(location) || File.Exists(location) ? null : $"{location} does not exist on the dashboard's machine.";
    }

    private async Task<List<string>> AddedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var value = await db.AppSettings.Where(s => s.Key == SettingKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return value is null ? [] : JsonSerializer.Deserialize<List<string>>(value) ?? [];
    }

    private async Task SaveAsync(List<string> added, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var setting = await db.AppSettings.FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        if (setting is null)
        {
            setting = new AppSetting { Key = SettingKey, Value = "[]" };
            db.AppSettings.Add(setting);
        }

        setting.Value = JsonSerializer.Serialize(added);
        setting.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }
}
