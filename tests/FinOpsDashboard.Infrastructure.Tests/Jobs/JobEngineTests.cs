using System.Collections.Specialized;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;

namespace FinOpsDashboard.Infrastructure.Tests.Jobs;

public sealed class JobEngineTests
{
    [Fact]
    public async Task AJobThatThrows_IsRecordedWithItsError_AndRetriedWithBackoffUntilItSucceeds()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var options = Options.Create(new JobsOptions { MaxAttempts = 3, RetryBaseDelaySeconds = 0.2 });
        var recorder = new JobRunRecorder(db.Factory(), new JobMonitor(), TimeProvider.System);
        var flaky = new FlakyJob(failures: 1, recorder, options);
        var scheduler = await StartSchedulerAsync(flaky);
        try
        {
            await scheduler.TriggerJob(new JobKey(FlakyJob.Name), new JobDataMap { [TrackedJob.TriggerKey] = "manual" });
            var runs = await WaitForRunsAsync(db, count: 2);

            Assert.Equal(JobRunStatus.Failed, runs[0].Status);
            Assert.Equal("InvalidOperationException: upstream said no (1)", runs[0].Error);
            Assert.Contains("retry 2/3", runs[0].Message);
            Assert.Equal(("retry", 2, JobRunStatus.Succeeded), (runs[1].Trigger, runs[1].Attempt, runs[1].Status));
            Assert.True(runs[1].StartedAt - runs[0].FinishedAt!.Value >= TimeSpan.FromSeconds(0.15), "the retry waited for its backoff");
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Fact]
    public async Task AJobThatKeepsFailing_StopsRetryingAfterMaxAttempts()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var options = Options.Create(new JobsOptions { MaxAttempts = 2, RetryBaseDelaySeconds = 0.1 });
        var flaky = new FlakyJob(failures: 10, new JobRunRecorder(db.Factory(), new JobMonitor(), TimeProvider.System), options);
        var scheduler = await StartSchedulerAsync(flaky);
        try
        {
            await scheduler.TriggerJob(new JobKey(FlakyJob.Name));
            var runs = await WaitForRunsAsync(db, count: 2);
            await Task.Delay(600);

            Assert.Equal(2, await db.Context().JobRuns.CountAsync());
            Assert.All(runs, r => Assert.Equal(JobRunStatus.Failed, r.Status));
            Assert.Contains("after 2 attempts", runs[1].Message);
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Theory]
    [InlineData("1 ms base", 1, 2, 0.8, 1.2)]
    [InlineData("30 s base, first retry", 30, 2, 24, 36)]
    [InlineData("30 s base, second retry waits 4x", 30, 3, 96, 144)]
    [InlineData("30 s base, third retry waits 16x", 30, 4, 384, 576)]
    public void RetryDelay_GrowsFourfoldWithTwentyPercentJitter(string name, double baseSeconds, int attempt, double min, double max)
    {
        _ = name;
        var options = new JobsOptions { RetryBaseDelaySeconds = baseSeconds };
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var seconds = options.RetryDelay(attempt, random).TotalSeconds;
            Assert.InRange(seconds, min, max);
        }
    }

    [Fact]
    public async Task AtStartup_RunsLeftRunning_AreClosedAsInterrupted_AndMissedScheduledRunsAreCaughtUp()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            context.JobRuns.AddRange(
                new JobRun { JobName = JobNames.MetricIngestion, Trigger = "scheduled", StartedAt = DateTime.UtcNow.AddHours(-5), Status = JobRunStatus.Running },
                new JobRun { JobName = JobNames.CostIngestion, Trigger = "scheduled", StartedAt = DateTime.UtcNow.AddDays(-2), FinishedAt = DateTime.UtcNow.AddDays(-2), Status = JobRunStatus.Succeeded });
            // A fact, so start-up does not take the empty-database path and seed the demo instead.
            context.CostFacts.Add(new CostFact
            {
                Date = new DateOnly(2026, 1, 1), AccountId = "1", Region = "us-east-1", Service = "Amazon Bedrock", UsageType = "u", Model = "m",
                PricingMode = "on-demand", TokenDirection = "input", Team = "t", Feature = "f", Unit = "tokens", Source = "aws",
            });
            await context.SaveChangesAsync();
        }

        await using var provider = BuildAppServices(db);
        var hosted = provider.GetRequiredService<SchedulerHostedService>();
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            var catchUp = await WaitForAsync(db, r => r.JobName == JobNames.CostIngestion && r.Trigger == "catch-up" && r.Status != JobRunStatus.Running);
            Assert.Equal(JobRunStatus.Succeeded, catchUp.Status);
            await using var context = db.Context();
            var interrupted = await context.JobRuns.SingleAsync(r => r.JobName == JobNames.MetricIngestion && r.Trigger == "scheduled");
            Assert.Equal(JobRunStatus.Interrupted, interrupted.Status);
            Assert.NotNull(await hosted.NextFireTimeAsync(JobNames.CostIngestion, CancellationToken.None));
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AtStartup_AnEmptyDatabaseWithoutAws_IsSeededWithTheDemoThroughTheSeedJob()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var provider = BuildAppServices(db);
        var hosted = provider.GetRequiredService<SchedulerHostedService>();
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            var seed = await WaitForAsync(db, r => r.JobName == JobNames.DemoSeed && r.Status != JobRunStatus.Running, TimeSpan.FromMinutes(4));
            Assert.Equal((JobRunStatus.Succeeded, "startup"), (seed.Status, seed.Trigger));
            Assert.True(seed.RowsWritten > 1000);
            Assert.True(seed.CostExplorerRequests > 0);
            await using var context = db.Context();
            Assert.True(await context.CostFacts.CountAsync() > 1000);
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    private static ServiceProvider BuildAppServices(TestDatabase db)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Path"] = db.Path,
            ["Jobs:RetryBaseDelaySeconds"] = "0.1",
            // Three days of hourly metrics instead of 35: the seeding path is the same, the test machine's load is not.
            ["Ingestion:MetricBackfillDays"] = "3",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddInfrastructure().AddJobScheduler();
        return services.BuildServiceProvider();
    }

    private static async Task<IScheduler> StartSchedulerAsync(IJob job)
    {
        var factory = new StdSchedulerFactory(new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = "test-" + Guid.NewGuid().ToString("N"),
            ["quartz.threadPool.maxConcurrency"] = "2",
        });
        var scheduler = await factory.GetScheduler();
        scheduler.JobFactory = new SingleJobFactory(job);
        await scheduler.AddJob(JobBuilder.Create<FlakyJob>().WithIdentity(FlakyJob.Name).StoreDurably().Build(), replace: true);
        await scheduler.Start();
        return scheduler;
    }

    private static async Task<List<JobRun>> WaitForRunsAsync(TestDatabase db, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var context = db.Context();
            var runs = await context.JobRuns.Where(r => r.Status != JobRunStatus.Running).OrderBy(r => r.Id).ToListAsync();
            if (runs.Count >= count)
            {
                return runs;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Fewer than {count} finished runs within 20 s.");
    }

    private static async Task<JobRun> WaitForAsync(TestDatabase db, Func<JobRun, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            await using var context = db.Context();
            var found = (await context.JobRuns.ToListAsync()).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No matching job run in time.");
    }

    private sealed class SingleJobFactory(IJob job) : IJobFactory
    {
        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler) => job;

        public void ReturnJob(IJob job)
        {
        }
    }

    /// <summary>Fails its first <c>failures</c> runs, then succeeds.</summary>
    private sealed class FlakyJob(int failures, JobRunRecorder recorder, IOptions<JobsOptions> options)
        : TrackedJob(recorder, options, TimeProvider.System, NullLogger.Instance)
    {
        public const string Name = "flaky";
        private int _runs;

        protected override string JobName => Name;

        protected override Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
        {
            var run = Interlocked.Increment(ref _runs);
            return run <= failures
                ? throw new InvalidOperationException($"upstream said no ({run})")
                : Task.FromResult(new JobOutcome(42, "ok"));
        }
    }
}
