namespace FinOpsDashboard.Domain.Facts;

/// <summary>A row the importer refused, for the data-quality page: where (file, line, column), why, and the line itself.</summary>
public sealed class ImportRejection
{
    public long Id { get; set; }
    public long ImportedFileId { get; set; }
    public required string Location { get; set; }

    /// <summary>1-based physical line in the (decompressed) file; the header is line 1.</summary>
    public long LineNumber { get; set; }

    /// <summary>Column or JSON field at fault; null when the whole line is (wrong column count, not JSON).</summary>
    public string? Column { get; set; }

    public required string Reason { get; set; }

    /// <summary>The CSV line truncated to 500 characters; always null for invocation logs, whose lines may hold prompts.</summary>
    public string? RawLine { get; set; }

    public DateTime RejectedAt { get; set; }
}
