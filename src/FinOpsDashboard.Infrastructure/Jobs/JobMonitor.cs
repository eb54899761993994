using System.Collections.Concurrent;

namespace FinOpsDashboard.Infrastructure.Jobs;

/// <summary>A running job's live state, as the Jobs page shows it.</summary>
public sealed record JobProgressSnapshot(string JobName, long RunId, DateTime StartedAt, string Message, double? Fraction);

/// <summary>
/// Singleton notifier: jobs report progress and completion here; pages subscribe and re-render through
/// InvokeAsync instead of polling (eShop's OrderStatusNotificationService pattern).
/// </summary>
public sealed class JobMonitor
{
    private readonly ConcurrentDictionary<string, JobProgressSnapshot> _running = new(StringComparer.Ordinal);

    /// <summary>Raised on every progress report, start and finish, with the job's name.</summary>
    public event Action<string>? Changed;

    /// <summary>Raised when a job that writes facts has committed: pages that show spend reload.</summary>
    public event Action? DataChanged;

    public IReadOnlyCollection<JobProgressSnapshot> Running => _running.Values.ToList();

    public JobProgressSnapshot? RunningOf(string jobName) => _running.GetValueOrDefault(jobName);

    internal void Started(string jobName, long runId, DateTime startedAt)
    {
        _running[jobName] = new JobProgressSnapshot(jobName, runId, startedAt, "Starting", null);
        Changed?.Invoke(jobName);
    }

    internal void Progress(string jobName, string message, double? fraction)
    {
        if (_running.TryGetValue(jobName, out var current))
        {
            _running[jobName] = current with { Message = message, Fraction = fraction };
            Changed?.Invoke(jobName);
        }
    }

    internal void Finished(string jobName, bool wroteData)
    {
        _running.TryRemove(jobName, out _);
        Changed?.Invoke(jobName);
        if (wroteData)
        {
            DataChanged?.Invoke();
        }
    }

    /// <summary>Announces that something other than a job (a CLI-less import, a test) changed stored facts.</summary>
    public void NotifyDataChanged() => DataChanged?.Invoke();
}
