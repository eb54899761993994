namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>Receives the import's running totals; the importer calls it at most a few times a second.</summary>
public interface IImportProgress
{
    void Report(ImportProgress progress);
}

public sealed class NullImportProgress : IImportProgress
{
    public static readonly NullImportProgress Instance = new();

    public void Report(ImportProgress progress)
    {
    }
}

/// <summary>Running totals: the file being read, rows and bytes so far, and the rate.</summary>
public sealed record ImportProgress(string CurrentFile, int FilesDone, int FilesTotal, long RowsRead, long BytesRead, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsRead / Elapsed.TotalSeconds : 0;
}

/// <summary>Per-run switches that override <see cref="ImportOptions"/>.</summary>
public sealed record ImportRequest
{
    public bool? RejectWholeFileOnBadRow { get; init; }

    /// <summary>The job run doing the import, recorded on each imported file.</summary>
    public long? JobRunId { get; init; }
}

/// <summary>One refused row: file, 1-based line, column, reason.</summary>
public sealed record ImportRejectionInfo(string Location, long LineNumber, string? Column, string Reason)
{
    public override string ToString() => $"{Location}:{LineNumber} {Column ?? "(line)"}: {Reason}";
}

/// <summary>What happened to one object.</summary>
public sealed record ImportFileResult(
    string Location,
    string Outcome,
    string? Format,
    long RowsRead,
    long RowsKept,
    long RowsSkipped,
    long RowsRejected,
    long Bytes,
    string? Error);

/// <summary>The outcome of one import run over a path or S3 prefix.</summary>
public sealed record ImportSummary(
    string Source,
    int FilesImported,
    int FilesSkipped,
    int FilesFailed,
    int FilesRejected,
    long RowsRead,
    long RowsKept,
    long RowsSkipped,
    long RowsRejected,
    long Bytes,
    TimeSpan Elapsed,
    IReadOnlyList<ImportRejectionInfo> FirstRejections,
    IReadOnlyList<ImportFileResult> Files)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsRead / Elapsed.TotalSeconds : 0;

    /// <summary>Files that were read but not (fully) written: failed or rejected whole.</summary>
    public bool HasFailures => FilesFailed > 0 || FilesRejected > 0;

    public static ImportSummary Combine(string source, IReadOnlyList<ImportSummary> parts) => new(
        source,
        parts.Sum(p => p.FilesImported),
        parts.Sum(p => p.FilesSkipped),
        parts.Sum(p => p.FilesFailed),
        parts.Sum(p => p.FilesRejected),
        parts.Sum(p => p.RowsRead),
        parts.Sum(p => p.RowsKept),
        parts.Sum(p => p.RowsSkipped),
        parts.Sum(p => p.RowsRejected),
        parts.Sum(p => p.Bytes),
        TimeSpan.FromTicks(parts.Sum(p => p.Elapsed.Ticks)),
        parts.SelectMany(p => p.FirstRejections).Take(ImportService.FirstRejectionsKept).ToList(),
        parts.SelectMany(p => p.Files).ToList());
}

/// <summary>The source itself could not be read (missing path, S3 access denied): nothing was imported.</summary>
public sealed class ImportSourceException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
