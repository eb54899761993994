using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>
/// Imports every source (Imports:Sources and those added on the Imports page); objects already imported are skipped,
/// so a run with nothing new is cheap.
/// </summary>
public sealed class FileImportJob(
    ImportService imports,
    ImportSourceRegistry registry,
    JobRunRecorder recorder,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<FileImportJob> logger) : TrackedJob(recorder, options, clock, logger)
{
    public const string Name = "file-import";

    protected override string JobName => Name;

    protected override async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var sources = (await registry.AllAsync(cancellationToken)).Select(s => s.Location).ToList();
        if (sources.Count == 0)
        {
            return new JobOutcome(0, "No import sources configured (Imports:Sources or the Imports page)", WroteData: false);
        }

        var summaries = new List<ImportSummary>();
        var unreadable = new List<string>();
        foreach (var source in sources)
        {
            var progress = new JobProgressAdapter(context.Progress, source);
            try
            {
                summaries.Add(await imports.ImportAsync(source, new ImportRequest { JobRunId = context.RunId }, progress, cancellationToken));
            }
            catch (ImportSourceException ex)
            {
                // One unreachable source must not keep the others from being imported.
                unreadable.Add($"{source}: {ex.Message}");
            }
        }

        var total = ImportSummary.Combine(string.Join(", ", sources), summaries);
        if (unreadable.Count == sources.Count)
        {
            throw new InvalidOperationException("No import source could be read: " + string.Join("; ", unreadable));
        }

        var summary = $"{total.FilesImported} file(s) imported, {total.FilesSkipped} unchanged, {total.FilesFailed} failed, {total.FilesRejected} rejected; " +
            $"{total.RowsKept:N0} row(s) kept, {total.RowsRejected:N0} rejected" +
            (unreadable.Count > 0 ? $"; unreadable: {string.Join("; ", unreadable)}" : string.Empty);
        return new JobOutcome(total.RowsKept, summary, total.FilesImported > 0);
    }

    private sealed class JobProgressAdapter(Ingestion.IJobProgress progress, string source) : IImportProgress
    {
        public void Report(ImportProgress p) =>
            progress.Report(
                $"{source}: file {Math.Min(p.FilesDone + 1, Math.Max(p.FilesTotal, 1))}/{p.FilesTotal}, {p.RowsRead:N0} rows, {p.BytesRead / 1048576.0:N1} MB, {p.RowsPerSecond:N0} rows/s",
                p.FilesTotal > 0 ? (double)p.FilesDone / p.FilesTotal : null);
    }
}
