using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;

namespace FinOpsDashboard.Cli;

/// <summary>Records work done from the command line in the same run history the Jobs page shows (trigger "cli").</summary>
public sealed class CliRun(JobRunRecorder recorder, string jobName)
{
    public async Task<T> RunAsync<T>(Func<JobRunContext, CancellationToken, Task<T>> work, Func<T, JobOutcome> describe, CancellationToken cancellationToken)
    {
        var run = await recorder.StartAsync(jobName, "cli", 1, cancellationToken);
        var calls = new AwsCallCounter();
        var wroteData = false;
        try
        {
            var result = await work(new JobRunContext(run.Id, "cli", 1, new StderrProgress(), calls), cancellationToken);
            var outcome = describe(result);
            run.Status = JobRunStatus.Succeeded;
            run.RowsWritten = outcome.RowsWritten;
            run.Message = outcome.Summary;
            wroteData = outcome.WroteData;
            return result;
        }
        catch (Exception ex)
        {
            run.Status = JobRunStatus.Failed;
            run.Error = $"{ex.GetType().Name}: {ex.Message}";
            throw;
        }
        finally
        {
            await recorder.FinishAsync(run, calls, wroteData);
        }
    }

    /// <summary>Progress on stderr so stdout stays machine-readable.</summary>
    private sealed class StderrProgress : IJobProgress
    {
        public void Report(string message, double? fraction = null) =>
            Console.Error.WriteLine(fraction is { } f ? $"[{f,4:P0}] {message}" : message);
    }
}
