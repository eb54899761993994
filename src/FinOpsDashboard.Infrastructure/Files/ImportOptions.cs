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

    // Defaults are applied here, not as list initialisers: the configuration binder appends to a pre-filled list.
    internal IReadOnlyList<string> EffectiveTeamTagKeys => TeamTagKeys.Count > 0 ? TeamTagKeys : ["team"];
    internal IReadOnlyList<string> EffectiveFeatureTagKeys => FeatureTagKeys.Count > 0 ? FeatureTagKeys : ["feature"];
    internal IReadOnlyList<string> EffectiveTeamMetadataKeys => TeamMetadataKeys.Count > 0 ? TeamMetadataKeys : ["team"];
    internal IReadOnlyList<string> EffectiveFeatureMetadataKeys => FeatureMetadataKeys.Count > 0 ? FeatureMetadataKeys : ["feature"];
}
