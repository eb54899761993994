using System.Diagnostics;
using FinOpsDashboard.Infrastructure.Demo;
using Xunit.Abstractions;

namespace FinOpsDashboard.Infrastructure.Tests.Demo;

public sealed class DemoLargeScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task LargeYear_HasTheLargeShape_AndPrintsItsGenerationTime()
    {
        var stopwatch = Stopwatch.StartNew();
        var workload = new DemoWorkload(DemoWorkloadOptions.LargeYear(DemoFixture.Anchor), new FixedTimeProvider(DemoFixture.Now));
        var ledger = workload.FinalLedger(workload.History);
        var generated = stopwatch.Elapsed;
        var scenarios = workload.Scenarios;
        stopwatch.Stop();

        output.WriteLine(
            $"Large: {workload.History.Days} days, {workload.Organisation.Streams.Count} streams, {ledger.Count:N0} ledger lines generated in " +
            $"{generated.TotalMilliseconds:N0} ms (scenarios {stopwatch.Elapsed.TotalMilliseconds - generated.TotalMilliseconds:N0} ms); " +
            $"monthly spend {scenarios.MonthlySpend:N2} USD, unattributed {scenarios.UnattributedShare:P2}");

        var organisation = workload.Organisation;
        Assert.Equal(365, workload.History.Days);
        Assert.Equal(365, ledger.Select(l => l.Date).Distinct().Count());
        Assert.Equal(40, organisation.Teams.Count);
        Assert.Equal(200, organisation.Features.Count);
        Assert.Equal(30, organisation.Models.Count);
        Assert.Equal(30, ledger.Select(l => l.ModelKey).Distinct().Count());
        Assert.Equal(new[] { "Claude", "Llama", "Mistral", "Nova", "Titan" }, organisation.Models.Select(m => m.Family).Distinct().Order(StringComparer.Ordinal));

        var usageTypes = ledger.Select(l => l.UsageType).Distinct().ToList();
        foreach (var suffix in new[] { "-flex", "-priority", "-batch", "-cross-region-global", "-1-hour", "-ModelUnits", "_Batch-Units", "_global_standard-Units" })
        {
            Assert.Contains(usageTypes, u => u.EndsWith(suffix, StringComparison.Ordinal));
        }

        // The planted scenarios are the Standard ones, in the same places.
        Assert.Equal(DemoFixture.Anchor.AddDays(-17), scenarios.RetrySpike.Day);
        Assert.True(scenarios.RetrySpike.ExtraCost > 1000m);
        Assert.InRange(scenarios.UnderusedProvisionedThroughput.ObservedUtilization, 0.25, 0.35);
        Assert.InRange(scenarios.CacheRegression.ObservedShareAfter, 0.04, 0.06);

        // CloudWatch answers for all 30 models' ids.
        var metrics = await workload.ListMetricsAsync(new Aws.CloudWatch.ListMetricsRequest { Namespace = "AWS/Bedrock" }, CancellationToken.None);
        Assert.Equal(organisation.ModelIds.Count * 9, metrics.Metrics.Count);
    }
}
