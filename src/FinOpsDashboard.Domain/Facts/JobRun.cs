namespace FinOpsDashboard.Domain.Facts;

/// <summary>One execution of a scheduled job (ingestion or analytics): the run history the Jobs page shows.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public required string JobName { get; set; }

    /// <summary>scheduled | manual | retry | catch-up | startup.</summary>
    public required string Trigger { get; set; }

    /// <summary>1 for the first try; retries count up.</summary>
    public int Attempt { get; set; } = 1;

    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>running | succeeded | failed | interrupted.</summary>
    public required string Status { get; set; }

    public long RowsWritten { get; set; }
    public string? Error { get; set; }

    /// <summary>Last progress message while running, the outcome summary when done.</summary>
    public string? Message { get; set; }

    /// <summary>Paid API requests this run made (Cost Explorer bills $0.01 a request, every page counted).</summary>
    public int CostExplorerRequests { get; set; }

    /// <summary>CloudWatch metrics requested through GetMetricData ($0.01 per 1,000).</summary>
    public int CloudWatchMetricsRequested { get; set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;
}

public static class JobRunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>The process stopped while the run was in flight; found and closed at the next start-up.</summary>
    public const string Interrupted = "interrupted";
}
