namespace FinOpsDashboard.Domain.Facts;

/// <summary>
/// One object (local file or S3 key) the file importer has read: its identity (location + ETag or SHA-256), what it
/// held and what became of it. The same location with the same hash is never imported twice; a new hash replaces it.
/// </summary>
public sealed class ImportedFile
{
    public long Id { get; set; }

    /// <summary>local | s3.</summary>
    public required string SourceKind { get; set; }

    /// <summary>Absolute path, or s3://bucket/key.</summary>
    public required string Location { get; set; }

    /// <summary>"etag:&lt;ETag&gt;" for S3 objects, "sha256:&lt;hex&gt;" for local files.</summary>
    public required string ContentHash { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>cur-2.0 | cur-legacy | focus-1.0 | focus-1.1 | focus-1.2 | invocation-logs | manifest; null when unrecognised.</summary>
    public string? Format { get; set; }

    /// <summary>Billing periods the file covered, "yyyy-MM" comma-separated (CUR / FOCUS only).</summary>
    public string? BillingPeriods { get; set; }

    /// <summary>Usage accounts the file held Bedrock rows for, comma-separated: a re-import clears these too.</summary>
    public string? AccountIds { get; set; }

    public long RowsRead { get; set; }
    public long RowsKept { get; set; }

    /// <summary>Rows that were valid but not Bedrock (or log lines that were not invocation records).</summary>
    public long RowsSkipped { get; set; }

    public long RowsRejected { get; set; }

    /// <summary>Kept rows whose pricing unit was not understood: their quantity is stored as billed, in that unit.</summary>
    public long UnknownUnitRows { get; set; }

    /// <summary>See <see cref="ImportStatus"/>.</summary>
    public required string Status { get; set; }

    public string? Error { get; set; }
    public DateTime ImportedAt { get; set; }
    public long? JobRunId { get; set; }
}

public static class ImportStatus
{
    public const string Imported = "imported";

    /// <summary>Good rows imported; bad rows listed in import_rejections.</summary>
    public const string ImportedWithRejections = "imported-with-rejections";

    /// <summary>Nothing written: unknown format, or bad rows with Imports:RejectWholeFileOnBadRow.</summary>
    public const string Rejected = "rejected";

    /// <summary>Could not be read to the end (truncated gzip, I/O, another part of its export failed): retried next run.</summary>
    public const string Failed = "failed";

    /// <summary>A newer version of the same location replaced it.</summary>
    public const string Superseded = "superseded";
}
