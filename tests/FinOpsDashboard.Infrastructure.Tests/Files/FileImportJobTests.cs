using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Files;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

public sealed class FileImportJobTests
{
    [Fact]
    public void TheJob_IsScheduledAtHalfPastEveryHour()
    {
        var job = JobCatalog.Get(FileImportJob.Name);

        Assert.Equal(("0 30 * * * ?", typeof(FileImportJob)), (job.DefaultCron, job.JobType));
    }

    [Fact]
    public async Task WithNoSources_TheJobDoesNothing()
    {
        await using var h = await ImportHarness.CreateAsync();

        var run = await Job(h, new ImportOptions()).RunTrackedAsync("manual", 1, scheduler: null, CancellationToken.None);

        Assert.Equal((JobRunStatus.Succeeded, 0L), (run.Status, run.RowsWritten));
        Assert.Contains("No import sources", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheJob_ImportsEachConfiguredSource_AndRecordsItsRunOnTheFiles()
    {
        await using var h = await ImportHarness.CreateAsync();
        var folder = Path.GetDirectoryName(h.Write("cur/2026-05.csv", Cur(MixedMonth())))!;
        var options = new ImportOptions { Sources = [folder, Path.Combine(h.Folder, "missing")] };

        var run = await Job(h, options).RunTrackedAsync("manual", 1, scheduler: null, CancellationToken.None);

        Assert.Equal((JobRunStatus.Succeeded, 12L), (run.Status, run.RowsWritten));
        Assert.Contains("unreadable", run.Message, StringComparison.Ordinal);
        Assert.Equal(run.Id, Assert.Single(await h.FilesAsync()).JobRunId);

        var again = await Job(h, options).RunTrackedAsync("scheduled", 1, scheduler: null, CancellationToken.None);
        Assert.Contains("1 unchanged", again.Message, StringComparison.Ordinal);
    }

    private static FileImportJob Job(ImportHarness h, ImportOptions options)
    {
        var service = new ImportService(h.Db.Factory(), Options.Create(options), new S3ClientFactory(new ConfigurationBuilder().Build()), h.AttributionRules, TimeProvider.System, NullLogger<ImportService>.Instance);
        return new FileImportJob(
            service,
            new ImportSourceRegistry(h.Db.Factory(), Options.Create(options), TimeProvider.System),
            new JobRunRecorder(h.Db.Factory(), new JobMonitor(), TimeProvider.System),
            Options.Create(new JobsOptions()),
            TimeProvider.System,
            NullLogger<FileImportJob>.Instance);
    }
}
