using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Aws.CloudWatch;
using FinOpsDashboard.Infrastructure.Demo;

namespace FinOpsDashboard.Infrastructure.Tests.Demo;

public sealed class DemoScenarioTests
{
    [Fact]
    public void OvernightBulkJob_RunsOnlyBetween01And05Utc_AndBatchHalvesItsCost()
    {
        var workload = DemoFixture.Standard();
        var truth = workload.Scenarios.OvernightBulkJob;

        foreach (var day in workload.History.EachDay().Where(d => d.Day % 5 == 0))
        {
            var hours = workload.HourlyUsage(day).Where(h => h.StreamId == truth.StreamId).ToList();
            Assert.NotEmpty(hours);
            Assert.All(hours, h => Assert.InRange(h.Hour, truth.FirstHourUtc, truth.EndHourUtc - 1));
        }

        var ledger = workload.FinalLedger(truth.Window).Where(l => l.StreamId == truth.StreamId).ToList();
        Assert.All(ledger, l => Assert.Equal(DemoPricingMode.OnDemand, l.Mode));
        Assert.Equal(ledger.Sum(l => l.UnblendedCost), truth.MonthlyOnDemandCost);
        Assert.Equal(Math.Round(truth.MonthlyOnDemandCost / 2, 2), Math.Round(truth.MonthlyBatchSaving, 2));

        // Steady: every night's requests within +-10 % of the median, weekends included.
        var nightly = workload.Usage(workload.History).Where(u => u.StreamId == truth.StreamId).Select(u => (double)u.Requests).ToList();
        var median = Median(nightly);
        Assert.All(nightly, n => Assert.InRange(n, median * 0.9, median * 1.1));
    }

    [Fact]
    public void PremiumModel_OnClassificationShapedWork_HasAHaikuSaving()
    {
        var workload = DemoFixture.Standard();
        var truth = workload.Scenarios.PremiumModelMisuse;
        var usage = workload.Usage(workload.History).Where(u => u.StreamId == truth.StreamId).ToList();

        Assert.Equal(DemoCatalog.ClaudeOpus48, truth.ModelKey);
        Assert.Equal(workload.History.Days, usage.Count);
        Assert.All(usage, u =>
        {
            Assert.InRange((double)u.OutputTokens / u.Requests, 3, 12);
            Assert.InRange((double)u.PromptTokens / u.Requests, 400, 900);
        });

        var ledger = workload.FinalLedger(truth.Window).Where(l => l.StreamId == truth.StreamId).ToList();
        var atHaiku = ledger.Sum(l => DemoPrices.Cost(l.Tokens, l.Kind == DemoChargeKind.Input ? DemoPrices.ClaudeHaiku45.Input : DemoPrices.ClaudeHaiku45.Output));
        Assert.Equal(ledger.Sum(l => l.UnblendedCost), truth.MonthlyCost);
        Assert.Equal(atHaiku, truth.MonthlyCostAtCheaperModel);
        Assert.Equal(truth.MonthlyCost - atHaiku, truth.MonthlySaving);
        Assert.InRange(truth.MonthlySaving / truth.MonthlyCost, 0.75m, 0.85m);
    }

    [Fact]
    public async Task RetrySpike_IsAtLeastFiveTimesTheMedian_InTheBillAndInCloudWatch()
    {
        var workload = DemoFixture.Standard();
        var truth = workload.Scenarios.RetrySpike;
        Assert.Equal(DemoFixture.Anchor.AddDays(-17), truth.Day);

        var usage = workload.Usage(workload.History).Where(u => u.StreamId == truth.StreamId).ToDictionary(u => u.Date);
        var medianRequests = Median(usage.Values.Select(u => (double)u.Requests));
        var spike = usage[truth.Day];
        Assert.True(spike.Requests >= 5 * medianRequests, $"{spike.Requests} vs median {medianRequests}");
        Assert.True(spike.InputTokens + spike.OutputTokens >= 5 * Median(usage.Values.Select(u => (double)(u.InputTokens + u.OutputTokens))));
        Assert.Single(usage.Values, u => u.Requests >= 3 * medianRequests);

        // The bill: the day's cost is the truth's, and the extra is what the normal traffic would not have cost.
        var ledger = workload.FinalLedger(workload.History).Where(l => l.StreamId == truth.StreamId).ToList();
        var dayCosts = ledger.GroupBy(l => l.Date).ToDictionary(g => g.Key, g => g.Sum(l => l.UnblendedCost));
        Assert.Equal(dayCosts[truth.Day], truth.DayCost);
        Assert.True(truth.DayCost >= 5 * Median(dayCosts.Values));
        Assert.Equal(truth.DayCost - truth.NormalCost, truth.ExtraCost);
        Assert.True(truth.ExtraCost > 1000m);

        // CloudWatch: daily sums of the global Sonnet profile (this stream only) show the same jump, with throttles and client errors.
        var from = workload.History.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = workload.History.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var (points, _) = await DemoCloudWatchFetch.FetchAllAsync(
            workload,
            [
                DemoCloudWatchFetch.Query("inv", truth.ModelId, "Invocations", 86400),
                DemoCloudWatchFetch.Query("thr", truth.ModelId, "InvocationThrottles", 86400),
                DemoCloudWatchFetch.Query("err", truth.ModelId, "InvocationClientErrors", 86400),
            ],
            from,
            to);
        var invocations = points["inv"].ToDictionary(p => DemoCloudWatchFetch.DayOf(p.Timestamp), p => p.Value);
        Assert.Equal(spike.Requests, invocations[truth.Day]);
        Assert.True(invocations[truth.Day] >= 5 * Median(invocations.Values));
        var throttles = points["thr"].ToDictionary(p => DemoCloudWatchFetch.DayOf(p.Timestamp), p => p.Value);
        var errors = points["err"].ToDictionary(p => DemoCloudWatchFetch.DayOf(p.Timestamp), p => p.Value);
        Assert.True(throttles[truth.Day] > 50 * Median(throttles.Values), "throttles elevated");
        Assert.True(errors[truth.Day] > 10 * Median(errors.Values), "client errors elevated");
        Assert.Equal(truth.Throttles, throttles[truth.Day]);
    }

    [Fact]
    public void CacheRegression_DropsTheReadShare_WhileRequestsStayFlat()
    {
        var workload = DemoFixture.Standard();
        var truth = workload.Scenarios.CacheRegression;
        Assert.Equal(DemoFixture.Anchor.AddDays(-30), truth.StartDay);
        Assert.Equal(0.70, truth.CacheReadShareBefore);
        Assert.Equal(0.05, truth.CacheReadShareAfter);

        var usage = workload.Usage(workload.History).Where(u => u.StreamId == truth.StreamId).ToList();
        var before = usage.Where(u => u.Date < truth.StartDay && u.Date >= truth.StartDay.AddDays(-28)).ToList();
        var after = usage.Where(u => u.Date >= truth.StartDay).ToList();
        Assert.All(before, u => Assert.InRange(u.CacheReadShare, 0.64, 0.76));
        Assert.All(after, u => Assert.InRange(u.CacheReadShare, 0.03, 0.07));
        Assert.InRange(truth.ObservedShareBefore, 0.66, 0.74);
        Assert.InRange(truth.ObservedShareAfter, 0.04, 0.06);
        Assert.InRange(after.Average(u => u.Requests) / before.Average(u => u.Requests), 0.9, 1.15);

        // Billed input cost jumps: plain input tokens now carry most of the prompt.
        var ledger = workload.FinalLedger(workload.History).Where(l => l.StreamId == truth.StreamId).ToList();
        decimal InputCostPerDay(Func<DateOnly, bool> when) =>
            ledger.Where(l => when(l.Date) && l.Kind == DemoChargeKind.Input).Sum(l => l.UnblendedCost)
            / ledger.Where(l => when(l.Date)).Select(l => l.Date).Distinct().Count();
        var inputBefore = InputCostPerDay(d => d < truth.StartDay && d >= truth.StartDay.AddDays(-28));
        var inputAfter = InputCostPerDay(d => d >= truth.StartDay);
        Assert.True(inputAfter > 3 * inputBefore, $"input cost/day {inputBefore:N2} -> {inputAfter:N2}");
        Assert.InRange(truth.ExtraCostPerDay, 300m, 1200m);
        Assert.Equal(Math.Round(truth.ExtraCostToAnchor / truth.DaysAffected, 2), truth.ExtraCostPerDay);
    }

    [Fact]
    public async Task ProvisionedThroughput_IsUnderUsed_AtAboutThirtyPercentOfCapacity()
    {
        var workload = DemoFixture.Standard();
        var truth = workload.Scenarios.UnderusedProvisionedThroughput;
        var window = truth.Window;

        // Utilization from CloudWatch: tokens per minute under the PT ARN against the stated capacity.
        var (points, _) = await DemoCloudWatchFetch.FetchAllAsync(
            workload,
            [DemoCloudWatchFetch.Query("in", truth.Arn, "InputTokenCount"), DemoCloudWatchFetch.Query("out", truth.Arn, "OutputTokenCount")],
            window.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            window.End.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var tokens = points["in"].Sum(p => p.Value) + points["out"].Sum(p => p.Value);
        var utilization = tokens / (window.Days * 1440.0 * truth.CapacityTokensPerMinutePerModelUnit * truth.ModelUnits);

        Assert.InRange(utilization, 0.25, 0.35);
        Assert.Equal(truth.ObservedUtilization, utilization, 9);
        Assert.Equal(20_000, truth.CapacityTokensPerMinutePerModelUnit);
        Assert.Equal(55.00m, truth.HourlyCost);
        Assert.Equal(55.00m * 24 * 30, truth.MonthlyCost);
        Assert.Equal(1 - utilization, truth.IdleShare, 9);

        // The bill: 24 model-unit hours a day at $55.00, under the 1-month usage type.
        var ptLines = workload.FinalLedger(window).Where(l => l.Kind == DemoChargeKind.ModelUnitHours).ToList();
        Assert.Equal(window.Days, ptLines.Count);
        Assert.All(ptLines, l =>
        {
            Assert.Equal("USE1-Nova2.0Lite-ProvisionedThroughput-1month-ModelUnits", l.UsageType);
            Assert.Equal(24m, l.Quantity);
            Assert.Equal(1320.00m, l.UnblendedCost);
        });
    }

    [Fact]
    public async Task ProvisionedThroughput_IsListedInService_WithARollingCommitment()
    {
        var workload = DemoFixture.Standard();
        var response = await workload.ListProvisionedModelThroughputsAsync(null, CancellationToken.None);
        var pt = Assert.Single(response.ProvisionedModelSummaries);

        Assert.Null(response.NextToken);
        Assert.Equal("catalog-tagger-pt", pt.ProvisionedModelName);
        Assert.Equal(workload.Scenarios.UnderusedProvisionedThroughput.Arn, pt.ProvisionedModelArn);
        Assert.Equal("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0", pt.FoundationModelArn);
        Assert.Equal(pt.FoundationModelArn, pt.ModelArn);
        Assert.Equal(1, pt.ModelUnits);
        Assert.Equal(1, pt.DesiredModelUnits);
        Assert.Equal("InService", pt.Status);
        Assert.Equal("OneMonth", pt.CommitmentDuration);
        Assert.True(DateOnly.FromDateTime(pt.CreationTime) < workload.History.Start);
        Assert.Equal(DemoFixture.Anchor.AddDays(20), DateOnly.FromDateTime(pt.CommitmentExpirationTime!.Value));

        // Two months on, the commitment has renewed and still expires in the future.
        var later = DemoFixture.Standard(now: DemoFixture.Now.AddDays(60));
        var renewed = Assert.Single((await later.ListProvisionedModelThroughputsAsync(null, CancellationToken.None)).ProvisionedModelSummaries);
        Assert.True(renewed.CommitmentExpirationTime > DemoFixture.Now.AddDays(60).UtcDateTime);
        Assert.True(renewed.CommitmentExpirationTime < DemoFixture.Now.AddDays(60 + 32).UtcDateTime);
    }

    [Fact]
    public void Scenarios_HaveTheirOwnStreams()
    {
        var s = DemoFixture.Standard().Scenarios;
        Assert.Equal(("commerce", "catalog-enrichment", "amazon.nova-pro-v1:0"), (s.OvernightBulkJob.Team, s.OvernightBulkJob.Feature, s.OvernightBulkJob.ModelId));
        Assert.Equal(("support", "support-triage", "us.anthropic.claude-opus-4-8"), (s.PremiumModelMisuse.Team, s.PremiumModelMisuse.Feature, s.PremiumModelMisuse.ModelId));
        Assert.Equal(("growth", "email-campaigns", "global.anthropic.claude-sonnet-4-6"), (s.RetrySpike.Team, s.RetrySpike.Feature, s.RetrySpike.ModelId));
        Assert.Equal(("support", "chat-assistant", "us.anthropic.claude-sonnet-4-6"), (s.CacheRegression.Team, s.CacheRegression.Feature, s.CacheRegression.ModelId));
        Assert.Equal(("commerce", "catalog-tagging"), (s.UnderusedProvisionedThroughput.Team, s.UnderusedProvisionedThroughput.Feature));
        Assert.Equal(new DateWindow(DemoFixture.Anchor.AddDays(-29), DemoFixture.Anchor.AddDays(1)), s.MonthlyWindow);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static decimal Median(IEnumerable<decimal> values) => (decimal)Median(values.Select(v => (double)v));
}
