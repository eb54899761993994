using System.Security.Cryptography;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>A manifest read while planning: its identity, what it lists, and what could not be found.</summary>
internal sealed record ManifestInfo(ImportObject Item, string Hash, ExportManifest? Parsed, string? Error, IReadOnlyList<string> Missing);

/// <summary>
/// Files imported together in one transaction. Billing files of one export version form one unit (its manifest's
/// files, or without a manifest the CSV files of one folder) because a billing period is replaced as a whole: a
/// period split over several files must never be half replaced. Each log file is a unit of its own.
/// </summary>
internal sealed record ImportUnit(string Name, bool IsBilling, IReadOnlyList<ImportObject> Files, ManifestInfo? Manifest, string? UnsupportedReason)
{
    public IEnumerable<ImportObject> AllObjects => Manifest is null ? Files : Files.Prepend(Manifest.Item);
}

internal sealed record ImportPlan(IReadOnlyList<ImportUnit> Units, IReadOnlyList<ImportObject> SupersededByManifest, IReadOnlyList<ImportObject> Ignored);

internal static class ImportPlanner
{
    private const int MaxManifestBytes = 16 * 1024 * 1024;

    public static async Task<ImportPlan> PlanAsync(IImportSource source, IReadOnlyList<ImportObject> objects, CancellationToken cancellationToken)
    {
        var units = new List<ImportUnit>();
        var ignored = new List<ImportObject>();
        var csv = new List<ImportObject>();
        var logs = new List<ImportObject>();
        var manifests = new List<ImportObject>();
        foreach (var item in objects)
        {
            switch (KindOf(item.Name))
            {
                case FileKind.Manifest:
                    manifests.Add(item);
                    break;
                case FileKind.Csv:
                    csv.Add(item);
                    break;
                case FileKind.Log:
                    logs.Add(item);
                    break;
                case FileKind.Unsupported:
                    units.Add(new ImportUnit(item.Key, false, [item], null,
                        "Unsupported file type: Parquet and ZIP exports cannot be read here. Choose CSV (optionally gzip) in the export's settings."));
                    break;
                default:
                    ignored.Add(item);
                    break;
            }
        }

        var byLocation = objects.ToDictionary(o => o.Location, StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var currentVersions = new List<(string ExportRoot, string Period)>();
        foreach (var manifestItem in manifests)
        {
            var info = await ReadManifestAsync(source, manifestItem, cancellationToken);
            var files = new List<ImportObject>();
            var missing = new List<string>();
            foreach (var reference in info.Parsed?.DataFiles ?? [])
            {
                var found = byLocation.GetValueOrDefault(reference) ?? await source.FindAsync(reference, manifestItem, cancellationToken);
                if (found is null)
                {
                    missing.Add(reference);
                    continue;
                }

                found = byLocation.GetValueOrDefault(found.Location) ?? found;
                if (claimed.Add(found.Location))
                {
                    files.Add(found);
                }
            }

            if (info.Parsed?.BillingPeriod is { } period && ExportRoot(manifestItem.Key, "/metadata/") is { } root)
            {
                currentVersions.Add((root, period));
            }

            units.Add(new ImportUnit(manifestItem.Key, true, files, info with { Missing = missing }, null));
        }

        // Data files of a period whose manifest lists other files are earlier versions of that period.
        var superseded = new List<ImportObject>();
        var folders = new Dictionary<string, List<ImportObject>>(StringComparer.Ordinal);
        foreach (var item in csv.Where(c => !claimed.Contains(c.Location)))
        {
            var root = ExportRoot(item.Key, "/data/");
            if (root is not null && currentVersions.Any(v => v.ExportRoot == root && item.Key.Contains("BILLING_PERIOD=" + v.Period, StringComparison.Ordinal)))
            {
                superseded.Add(item);
                continue;
            }

            if (!folders.TryGetValue(item.Folder, out var list))
            {
                folders[item.Folder] = list = [];
            }

            list.Add(item);
        }

        units.AddRange(folders.Select(f => new ImportUnit(f.Key.Length == 0 ? "." : f.Key, true, f.Value, null, null)));
        units.AddRange(logs.Where(l => !claimed.Contains(l.Location)).Select(l => new ImportUnit(l.Key, false, [l], null, null)));
        return new ImportPlan(units.OrderBy(u => u.Name, StringComparer.Ordinal).ToList(), superseded, ignored);
    }

    private enum FileKind
    {
        Other,
        Manifest,
        Csv,
        Log,
        Unsupported,
    }

    /// <summary>By name only; the content decides the format when the file is read.</summary>
    private static FileKind KindOf(string name)
    {
        var lower = name.ToLowerInvariant();
        if (ExportManifest.IsManifestName(lower))
        {
            return FileKind.Manifest;
        }

        if (lower.EndsWith(".csv", StringComparison.Ordinal) || lower.EndsWith(".csv.gz", StringComparison.Ordinal))
        {
            return FileKind.Csv;
        }

        if (lower.EndsWith(".parquet", StringComparison.Ordinal) || lower.EndsWith(".zip", StringComparison.Ordinal) || lower.EndsWith(".csv.zip", StringComparison.Ordinal))
        {
            return FileKind.Unsupported;
        }

        // CloudWatch Logs exports are "000000.gz"; S3 delivery writes ".json.gz".
        string[] logEndings = [".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".log", ".log.gz", ".gz"];
        return logEndings.Any(e => lower.EndsWith(e, StringComparison.Ordinal)) ? FileKind.Log : FileKind.Other;
    }

    /// <summary>"prefix/export/metadata/BILLING_PERIOD=..." → "prefix/export" (the part before the marker), or null.</summary>
    private static string? ExportRoot(string key, string marker)
    {
        var at = ("/" + key).IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : ("/" + key)[..at];
    }

    private static async Task<ManifestInfo> ReadManifestAsync(IImportSource source, ImportObject item, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await source.OpenAsync(item, cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxManifestBytes)
                {
                    return new ManifestInfo(item, Identity(item, null), null, "The manifest is larger than 16 MiB.", []);
                }

                buffer.Write(chunk, 0, read);
            }

            var bytes = buffer.ToArray();
            var parsed = ExportManifest.Parse(new MemoryStream(bytes), out var error);
            return new ManifestInfo(item, Identity(item, bytes), parsed, error, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ManifestInfo(item, Identity(item, null), null, $"The manifest could not be read: {ex.Message}", []);
        }
    }

    private static string Identity(ImportObject item, byte[]? content) =>
        item.ETag is { } etag ? "etag:" + etag
        : content is not null ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content))
        : "unreadable:" + item.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
