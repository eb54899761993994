namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>A refused row as it will be stored: line, column, reason and the (scrubbed) line text.</summary>
internal sealed record RejectedRow(long LineNumber, string? Column, string Reason, string? RawLine);

/// <summary>What reading one file found; written to imported_files with the file's outcome.</summary>
internal sealed class FileStats(string location, int maxStoredRejections)
{
    public string Location { get; } = location;
    public string? Format { get; set; }
    public long RowsRead { get; set; }
    public long RowsKept { get; set; }
    public long RowsSkipped { get; set; }
    public long RowsRejected { get; private set; }
    public long UnknownUnitRows { get; set; }
    public List<RejectedRow> Rejections { get; } = [];
    public SortedSet<string> Accounts { get; } = new(StringComparer.Ordinal);
    /// <summary>Start days of the billing periods seen; written as "yyyy-MM".</summary>
    public SortedSet<DateOnly> Periods { get; } = [];

    /// <summary>Set when the file as a whole is refused (unknown format, or bad rows under reject-whole-file).</summary>
    public string? RejectedWholeReason { get; set; }

    /// <summary>False once the stored rejections reached the cap: callers skip building the raw line.</summary>
    public bool KeepsRejectionText => Rejections.Count < maxStoredRejections;

    public void Reject(long line, string? column, string reason, string? rawLine)
    {
        RowsRejected++;
        if (Rejections.Count < maxStoredRejections)
        {
            Rejections.Add(new RejectedRow(line, column, reason, rawLine));
        }
    }
}
