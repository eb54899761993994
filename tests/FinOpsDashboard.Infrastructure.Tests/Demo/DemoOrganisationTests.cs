using System.Diagnostics;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Demo;
using Xunit.Abstractions;

namespace FinOpsDashboard.Infrastructure.Tests.Demo;

public sealed class DemoOrganisationTests(ITestOutputHelper output)
{
    [Fact]
    public void StandardOrganisation_HasEnoughModelsTeamsAndFeatures()
    {
        var organisation = DemoFixture.Standard().Organisation;

        Assert.True(organisation.Models.Count >= 8, $"{organisation.Models.Count} models");
        Assert.True(organisation.Teams.Count >= 5, $"{organisation.Teams.Count} teams");
        Assert.True(organisation.Features.Count >= 12, $"{organisation.Features.Count} features");
        Assert.Equal(new[] { "Claude", "Llama", "Nova", "Titan" }, organisation.Models.Select(m => m.Family).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(organisation.Streams.Count, organisation.Streams.Select(s => s.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(42)]
    [InlineData(1)]
    [InlineData(2024)]
    public void MonthlySpend_IsThatOfAMidSizeCompany(int seed)
    {
        var workload = DemoFixture.Standard(seed);
        var scenarios = workload.Scenarios;
        var month = workload.FinalLedger(scenarios.MonthlyWindow).Sum(l => l.UnblendedCost);

        output.WriteLine($"seed {seed}: {month:N2} USD over {scenarios.MonthlyWindow}, unattributed {scenarios.UnattributedShare:P2}");
        Assert.Equal(month, scenarios.MonthlySpend);
        Assert.InRange(month, 60_000m, 200_000m);
        Assert.InRange(scenarios.UnattributedShare, 0.05m, 0.08m);
    }

    [Fact]
    public void EveryPricingMode_Appears()
    {
        var workload = DemoFixture.Standard();
        var usageTypes = workload.FinalLedger(workload.History).Select(l => l.UsageType).Distinct().ToList();

        Assert.Contains(usageTypes, u => u.EndsWith("-batch", StringComparison.Ordinal));
        Assert.Contains(usageTypes, u => u.EndsWith("-cross-region-global", StringComparison.Ordinal));
        Assert.Contains(usageTypes, u => u.Contains("cache-read-input-token-count", StringComparison.Ordinal));
        Assert.Contains(usageTypes, u => u.EndsWith("cache-write-input-token-count", StringComparison.Ordinal));
        Assert.Contains(usageTypes, u => u.EndsWith("cache-write-input-token-count-1-hour", StringComparison.Ordinal));
        Assert.Contains(usageTypes, u => u.Contains("ProvisionedThroughput-1month", StringComparison.Ordinal));
        Assert.Contains(usageTypes, u => u.StartsWith("USW2-", StringComparison.Ordinal));
        Assert.Contains(usageTypes, u => u.Contains("TitanEmbeddingV2", StringComparison.Ordinal));
    }

    [Fact]
    public void Costs_AreTokensTimesThePriceTable()
    {
        var workload = DemoFixture.Standard();
        var day = new DateWindow(DemoFixture.Anchor.AddDays(-3), DemoFixture.Anchor.AddDays(-2));
        var lines = workload.FinalLedger(day);

        Assert.All(lines.Where(l => l.Kind != DemoChargeKind.ModelUnitHours), l =>
            Assert.Equal(Math.Round(l.Tokens * l.Rate / 1_000_000m, 10), l.UnblendedCost));
        Assert.Equal(3.00m, lines.First(l => l.UsageType == "USE1-Claude4.6Sonnet-input-tokens-cross-region-global").Rate);
        Assert.Equal(3.30m, lines.First(l => l.UsageType == "USE1-Claude4.6Sonnet-input-tokens").Rate);
        Assert.Equal(0.03m, lines.First(l => l.UsageType == "USE1-NovaLite-input-tokens-batch").Rate);
        Assert.Equal(5.00m, lines.First(l => l.UsageType == "USE1-Claude4.8Opus-input-tokens").Rate);
        Assert.Equal(0.10m, lines.First(l => l.UsageType == "USE1-MP:USE1_cache_read_tokens_standard-Units").Rate);
        Assert.Equal(2.65m, lines.First(l => l.UsageType == "USW2-Llama3-70B-input-tokens").Rate);
        Assert.Equal(0.02m, lines.First(l => l.UsageType == "USE1-TitanEmbeddingV2-Text-input-tokens").Rate);
        Assert.All(lines, l => Assert.Equal(l.UnblendedCost, l.AmortizedCost));
    }

    [Fact]
    public void Weekends_AreQuieterThanWeekdays()
    {
        var workload = DemoFixture.Standard();
        var usage = workload.Usage(workload.History);
        var interactive = workload.Organisation.Streams
            .Where(s => s.HourProfile == DemoHourProfile.BusinessHours && s.Id != DemoOrganisation.RetrySpikeStreamId)
            .Select(s => s.Id)
            .ToHashSet(StringComparer.Ordinal);

        static bool IsWeekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var byDay = usage.Where(u => interactive.Contains(u.StreamId)).GroupBy(u => u.Date).ToDictionary(g => g.Key, g => (double)g.Sum(u => u.Requests));
        var weekend = byDay.Where(d => IsWeekend(d.Key)).Average(d => d.Value);
        var weekday = byDay.Where(d => !IsWeekend(d.Key)).Average(d => d.Value);

        Assert.InRange(weekend / weekday, 0.35, 0.65);

        var costByDay = workload.FinalLedger(workload.History).GroupBy(l => l.Date).ToDictionary(g => g.Key, g => g.Sum(l => l.UnblendedCost));
        Assert.True(costByDay.Where(d => IsWeekend(d.Key)).Average(d => d.Value) < 0.9m * costByDay.Where(d => !IsWeekend(d.Key)).Average(d => d.Value));
    }

    [Fact]
    public void Volume_GrowsGently_OverTheHistory()
    {
        var workload = DemoFixture.Standard();
        var growing = workload.Organisation.Streams.Where(s => s.GrowthPer120Days > 0).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var usage = workload.Usage(workload.History).Where(u => growing.Contains(u.StreamId) && u.StreamId != DemoOrganisation.RetrySpikeStreamId).ToList();
        var first = usage.Where(u => u.Date < workload.History.Start.AddDays(28)).Sum(u => u.Requests);
        var last = usage.Where(u => u.Date > DemoFixture.Anchor.AddDays(-28)).Sum(u => u.Requests);

        Assert.InRange((double)last / first, 1.08, 1.25);
    }

    [Fact]
    public void StandardHistory_GeneratesInAboutASecond()
    {
        var stopwatch = Stopwatch.StartNew();
        var workload = DemoFixture.Standard();
        var lines = workload.FinalLedger(workload.History);
        var hours = workload.History.EachDay().Sum(d => workload.HourlyUsage(d).Count);
        stopwatch.Stop();

        output.WriteLine($"Standard: {workload.History.Days} days, {lines.Count:N0} ledger lines, {hours:N0} stream-hours in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(workload.History.Days, lines.Select(l => l.Date).Distinct().Count());
    }
}
