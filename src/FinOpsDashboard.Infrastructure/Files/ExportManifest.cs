using System.Globalization;
using System.Text.Json;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// An export's manifest: which data files make up the current version of a billing period. Data Exports writes
/// "&lt;export&gt;-Manifest.json" under metadata/BILLING_PERIOD=YYYY-MM/ listing its data files ("dataFiles"); legacy
/// CUR lists "reportKeys" with a "billingPeriod" {start, end}. Both are read; an entry may be an s3:// URL or a key.
/// </summary>
internal sealed record ExportManifest(IReadOnlyList<string> DataFiles, string? BillingPeriod)
{
    public static bool IsManifestName(string name) =>
        name.EndsWith("manifest.json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null with a reason when the JSON names no data files.</summary>
    public static ExportManifest? Parse(Stream json, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The manifest is not a JSON object.";
                return null;
            }

            var files = new List<string>();
            foreach (var name in new[] { "dataFiles", "reportKeys", "files" })
            {
                if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in list.EnumerateArray())
                    {
                        if (EntryOf(item) is { Length: > 0 } entry)
                        {
                            files.Add(entry);
                        }
                    }
                }
            }

            if (files.Count == 0)
            {
                error = "The manifest lists no data files (expected \"dataFiles\" or \"reportKeys\").";
                return null;
            }

            return new ExportManifest(files.Distinct(StringComparer.Ordinal).ToList(), PeriodOf(root));
        }
        catch (JsonException ex)
        {
            error = $"The manifest is not valid JSON (line {ex.LineNumber + 1}).";
            return null;
        }
    }

    private static string? EntryOf(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.String => item.GetString(),
        JsonValueKind.Object => new[] { "s3Uri", "uri", "key", "path" }
            .Select(p => item.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v)),
        _ => null,
    };

    /// <summary>"2026-05", or legacy {"start":"20260501T000000.000Z"} → "2026-05".</summary>
    private static string? PeriodOf(JsonElement root)
    {
        if (!root.TryGetProperty("billingPeriod", out var period))
        {
            return null;
        }

        var text = period.ValueKind switch
        {
            JsonValueKind.String => period.GetString(),
            JsonValueKind.Object when period.TryGetProperty("start", out var start) && start.ValueKind == JsonValueKind.String => start.GetString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length >= 8 && DateOnly.TryParseExact(text[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var compact))
        {
            return Parsing.Period(compact);
        }

        return text.Length >= 7 ? text[..7] : text;
    }
}
