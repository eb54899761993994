using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Infrastructure.Tests.Jobs;

public sealed class JobProgressTests
{
    [Fact]
    public async Task ARunningJob_ReportsLiveProgressToSubscribers_AndDataChangedWhenItCommits()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = db.Path }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddInfrastructure();
        await using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<JobMonitor>();
        var seen = new List<JobProgressSnapshot>();
        var dataChanged = 0;
        monitor.Changed += name =>
        {
            if (monitor.RunningOf(name) is { } snapshot)
            {
                lock (seen)
                {
                    seen.Add(snapshot);
                }
            }
        };
        monitor.DataChanged += () => Interlocked.Increment(ref dataChanged);

        var run = await provider.GetRequiredService<DemoSeedJob>().RunTrackedAsync("manual", 1, scheduler: null, CancellationToken.None);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Assert.True(seen.Count > 5, $"only {seen.Count} progress reports");
        Assert.All(seen, s => Assert.Equal(run.Id, s.RunId));
        Assert.Contains(seen, s => s.Message.StartsWith("Cost Explorer", StringComparison.Ordinal));
        var fractions = seen.Where(s => s.Fraction is not null).Select(s => s.Fraction!.Value).ToList();
        Assert.Equal(fractions.Order(), fractions);
        Assert.Empty(monitor.Running);
        Assert.Equal(1, dataChanged);
    }
}
