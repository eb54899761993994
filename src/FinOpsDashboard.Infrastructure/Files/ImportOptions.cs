namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>Bound from "Imports".</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>False: a file's good rows are imported and its bad rows listed. True: a file with any bad row is rejected whole, nothing written.</summary>
    public bool RejectWholeFileOnBadRow { get; set; }

    /// <summary>Paths or s3:// URLs the scheduled import job reads; empty means the job does nothing.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Tag keys (as applied, without CUR's "user_" prefix) that name the team, first match wins. Empty: ["team"].</summary>
    public List<string> TeamTagKeys { get; set; } = [];

    /// <summary>Tag keys that name the feature. Empty: ["feature"].</summary>
    public List<string> FeatureTagKeys { get; set; } = [];

    /// <summary>Invocation-log requestMetadata keys that name the team. Empty: ["team"].</summary>
    public List<string> TeamMetadataKeys { get; set; } = [];

    /// <summary>Invocation-log requestMetadata keys that name the feature. Empty: ["feature"].</summary>
    public List<string> FeatureMetadataKeys { get; set; } = [];

    /// <summary>Rejections stored per file (all are counted); a garbage file must not flood the table.</summary>
    public int MaxStoredRejectionsPerFile { get; set; } = 1000;

    /// <summary>
    /// Largest object imported, in bytes, counted after decompression (so a small gzip "bomb" stops here too). A bigger
    /// object is not read (or stops being read) and fails with this setting named; what was stored stays. 32 GiB: a CUR
    /// 2.0 part of a large organisation is a few GB, and reading 32 GiB takes minutes, not hours.
    /// </summary>
    public long MaxFileBytes { get; set; } = 32L * 1024 * 1024 * 1024;

    /// <summary>
    /// Longest CSV line, in bytes. A longer line is refused on its own (file, line, why) and only this much of it is
    /// ever buffered. A CUR 2.0 line is about 1 KB, a few tens of KB with many tags; 1 MiB is a broken or hostile line.
    /// </summary>
    public int MaxCsvLineBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Longest invocation-log line, in bytes: refused on its own beyond this, and the bound on the line buffer. Log lines
    /// carry the request and response bodies (images included), hence 64 MiB.
    /// </summary>
    public int MaxLogLineBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Longest text value kept from a row (account, usage type, service, tag or metadata value, resource, principal, model
    /// id, region, unit), in characters. AWS's longest such values are ARNs (2,048); a longer one refuses the row.
    /// </summary>
    public int MaxFieldLength { get; set; } = 2048;

    // Defaults are applied here, not as list initialisers: the configuration binder appends to a pre-filled list.
    internal IReadOnlyList<string> EffectiveTeamTagKeys => TeamTagKeys.Count > 0 ? TeamTagKeys : ["team"];
    internal IReadOnlyList<string> EffectiveFeatureTagKeys => FeatureTagKeys.Count > 0 ? FeatureTagKeys : ["feature"];
    internal IReadOnlyList<string> EffectiveTeamMetadataKeys => TeamMetadataKeys.Count > 0 ? TeamMetadataKeys : ["team"];
    internal IReadOnlyList<string> EffectiveFeatureMetadataKeys => FeatureMetadataKeys.Count > 0 ? FeatureMetadataKeys : ["feature"];
}
