using FinOpsDashboard.Infrastructure.Recommendations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Infrastructure.Tests.Recommendations;

public sealed class PtGaugesQueryTests(SeededDemo demo) : IClassFixture<SeededDemo>
{
    [Fact]
    public async Task DemoReservationGauge_MatchesUtilizationComputedByHand()
    {
        var gauge = Assert.Single(await demo.Services.GetRequiredService<PtGaugesQuery>().GaugesAsync(CancellationToken.None));
        var truth = demo.Workload.Scenarios.UnderusedProvisionedThroughput;

        // By hand: the reservation's CloudWatch input + output tokens over the 14 whole days before "today" (2026-11-23)
        // ÷ (14 days × 1,440 minutes × 20,000 tokens per minute per unit × 1 unit).
        await using var db = demo.Database.Context();
        var from = new DateTime(2026, 11, 9, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        var tokens = (await db.MetricFacts
            .Where(m => m.ModelId == truth.Arn && m.Stat == "Sum" && m.Timestamp >= from && m.Timestamp < to && (m.MetricName == "InputTokenCount" || m.MetricName == "OutputTokenCount"))
            .Select(m => m.Value).ToListAsync()).Sum();
        var byHand = (decimal)tokens / (14m * 1_440 * 20_000 * 1);

        Assert.Equal(truth.Arn, gauge.Arn);
        Assert.Equal(byHand, gauge.Utilization);
        Assert.Equal((long)tokens, gauge.Tokens);
        Assert.InRange(gauge.Utilization!.Value, (decimal)truth.ObservedUtilization - 0.03m, (decimal)truth.ObservedUtilization + 0.03m);
        Assert.Equal(truth.HourlyCost, gauge.HourlyCost);
        Assert.Equal(truth.HourlyCost * 720, gauge.MonthlyCost);
        Assert.Equal(14 * 24, gauge.Hours.Count);
        Assert.Equal("below-target", gauge.Band);

        // $55 × 336 h over the tokens served; on-demand from the demo's Nova 2 Lite price entries, weighted by the mix.
        Assert.Equal(Math.Round(55m * 336 / gauge.Tokens * 1_000_000m, 6), Math.Round(gauge.EffectiveCostPerMillion!.Value, 6));
        var onDemand = ((gauge.InputTokens * 0.30m) + (gauge.OutputTokens * 2.50m)) / gauge.Tokens;
        Assert.Equal(onDemand, gauge.OnDemandCostPerMillion);
        Assert.Equal(55m * 24 / onDemand * 1_000_000m, gauge.BreakEvenTokensPerDay);
        Assert.Equal((int)Math.Floor((truth.CommitmentExpirationAfterAnchor - demo.Clock.Now.UtcDateTime).TotalDays), gauge.DaysToExpiry);
    }
}
