using System.Diagnostics;
using System.Globalization;
using FinOpsDashboard.Domain;
using FinOpsDashboard.Infrastructure.Files;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Cli;

/// <summary>
/// `finops import &lt;path-or-s3-url&gt; [--reject-whole-file]`: progress on stderr about once a second, the summary on
/// stdout. Exit 0 when every file was imported or skipped (row rejections included), 1 when a file failed or was rejected.
/// </summary>
public sealed class ImportCommand(IServiceProvider services)
{
    private const int RejectionsShown = 5;

    public async Task<int> RunAsync(CommandLine line, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var unknown = line.UnknownOptions("reject-whole-file").ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }

        var target = line.Positional.ElementAtOrDefault(1) ?? throw new UsageException("Name what to import: a file, a folder or s3://bucket/prefix.");
        if (line.Positional.Count > 2)
        {
            throw new UsageException("Import one path or S3 URL at a time.");
        }

        var path = target.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? target : Path.GetFullPath(target);
        bool? rejectWhole = line.Flag("reject-whole-file") ? true : null;
        var importer = services.GetRequiredService<ImportService>();
        var run = new CliRun(services.GetRequiredService<JobRunRecorder>(), FileImportJob.Name);
        ImportSummary summary;
        try
        {
            summary = await run.RunAsync(
                (context, ct) => importer.ImportAsync(path, new ImportRequest { RejectWholeFileOnBadRow = rejectWhole, JobRunId = context.RunId }, new StderrProgress(stderr), ct),
                s => new JobOutcome(s.RowsKept, $"{s.FilesImported} file(s) imported, {s.FilesSkipped} unchanged, {s.FilesFailed} failed, {s.FilesRejected} rejected; {s.RowsKept:N0} row(s) kept, {s.RowsRejected:N0} rejected", s.FilesImported > 0),
                cancellationToken);
        }
        catch (ImportSourceException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }

        await WriteSummaryAsync(summary, stdout);
        return summary.HasFailures ? 1 : 0;
    }

    private static async Task WriteSummaryAsync(ImportSummary s, TextWriter stdout)
    {
        var c = Money.Culture;
        await stdout.WriteLineAsync(string.Create(c, $"Imported {s.Source}"));
        await stdout.WriteLineAsync(string.Create(c, $"  files: {s.FilesImported:N0} imported, {s.FilesSkipped:N0} skipped (unchanged), {s.FilesFailed:N0} failed, {s.FilesRejected:N0} rejected"));
        await stdout.WriteLineAsync(string.Create(c, $"  rows:  {s.RowsRead:N0} read, {s.RowsKept:N0} kept, {s.RowsSkipped:N0} skipped (not Bedrock), {s.RowsRejected:N0} rejected"));
        await stdout.WriteLineAsync(string.Create(c, $"  {Megabytes(s.Bytes)} in {s.Elapsed.TotalSeconds:N1} s ({s.RowsPerSecond:N0} rows/s)"));
        foreach (var file in s.Files.Where(f => f.Error is not null))
        {
            await stdout.WriteLineAsync($"  {file.Outcome}: {file.Location}: {file.Error}");
        }

        if (s.FirstRejections.Count > 0)
        {
            await stdout.WriteLineAsync(string.Create(c, $"  first rejections ({Math.Min(RejectionsShown, s.FirstRejections.Count)} of {s.RowsRejected:N0}):"));
            foreach (var rejection in s.FirstRejections.Take(RejectionsShown))
            {
                await stdout.WriteLineAsync("    " + rejection);
            }
        }
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";

    /// <summary>One stderr line per second at most, so a long import shows it is alive without flooding the terminal.</summary>
    private sealed class StderrProgress(TextWriter stderr) : IImportProgress
    {
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
        private bool _first = true;

        public void Report(ImportProgress p)
        {
            if (!_first && _sinceLast.Elapsed < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _first = false;
            _sinceLast.Restart();
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"[{p.Elapsed:hh\\:mm\\:ss}] file {Math.Min(p.FilesDone + 1, Math.Max(p.FilesTotal, 1))}/{p.FilesTotal} {Path.GetFileName(p.CurrentFile)}: {p.RowsRead:N0} rows, {Megabytes(p.BytesRead)}, {p.RowsPerSecond:N0} rows/s"));
        }
    }
}
