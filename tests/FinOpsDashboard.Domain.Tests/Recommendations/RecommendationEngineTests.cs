using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Recommendations;
using static FinOpsDashboard.Domain.Tests.Recommendations.RecommendationBuilders;

namespace FinOpsDashboard.Domain.Tests.Recommendations;

public sealed class RecommendationEngineTests
{
    [Fact]
    public void EveryLeverInProductMd_HasADetector()
    {
        Assert.Equal(Levers.All.Order(), RecommendationEngine.Default.Detectors.Select(d => d.Lever).Order());
    }

    /// <summary>
    /// Nothing absurd across all detectors: 300 random organisations (seeded, so a failure replays) of mixed models, modes,
    /// shapes, calls, telemetry and reservations; every finding's saving is ≥ 0 and ≤ its scope's spend per month.
    /// </summary>
    [Fact]
    public void NoDetector_EverClaimsANegativeSaving_OrMoreThanTheScopesSpend()
    {
        var models = new[] { "Claude Opus 4.8", "Claude Sonnet 4.6", "Claude Haiku 4.5", "Nova Pro", "Nova Lite", "Llama 3 70B", "Titan Text Embeddings V2", "Unknown Model" };
        var modes = new[] { "on-demand", "on-demand", "batch", "flex", "provisioned" };
        var random = new Random(20261122);
        var findings = 0;
        for (var org = 0; org < 300; org++)
        {
            var workloads = new List<WorkloadUsage>();
            for (var i = 0; i < 12; i++)
            {
                var model = models[random.Next(models.Length)];
                var mode = modes[random.Next(modes.Length)];
                var route = random.Next(2) == 0 ? "global" : "none";
                var inputM = (decimal)random.Next(1, 5_000);
                var readM = random.Next(3) == 0 ? (decimal)random.Next(0, 5_000) : 0;
                var outputM = (decimal)random.Next(0, 500) / (random.Next(1, 4) * 10);
                var rate = (decimal)random.Next(1, 600) / 100;
                var cells = new List<CostCell>
                {
                    Cell(model, "input", inputM * M, inputM * rate, mode, route),
                    Cell(model, "cache-read", readM * M, readM * rate / 10, mode, route),
                    Cell(model, "output", outputM * M, outputM * rate * 5, mode, route),
                    Cell(model, "cache-write", inputM * M / 20, inputM * rate / 16, mode, route),
                };
                var prior = random.Next(2) == 0 ? cells.Select(c => c with { Quantity = c.Quantity * random.Next(1, 30) / 10, Cost = c.Cost * random.Next(1, 30) / 10 }).ToList() : null;
                var daily = Enumerable.Range(0, 30).Select(_ => cells.Sum(c => c.Cost) / 30 * (decimal)(0.5 + random.NextDouble())).ToList();
                var scale = cells.Sum(c => c.Cost) / daily.Sum();
                daily = daily.Select(d => d * scale).ToList();
                long? calls = random.Next(3) == 0 ? null : random.Next(1, 5_000_000);
                workloads.Add(Workload(model, cells, team: $"team{random.Next(4)}", feature: $"f{i}", mode: mode, calls: calls,
                    prior: prior, priorCalls: calls is null ? null : random.Next(1, 5_000_000), daily: daily,
                    dailyTokens: daily.Select(d => d * 1_000_000m).ToList()));
            }

            var telemetry = models.Select(m => Telemetry(m + "-id", m, random.Next(0, 100_000), random.Next(0, 5_000),
                Enumerable.Range(0, 24).Select(_ => (decimal)random.Next(0, 1_000)).ToList())).ToList();
            var reservations = Enumerable.Range(0, 2).Select(r => new ReservationUsage($"arn:pt/{r}", $"pt{r}", "Nova 2 Lite", random.Next(1, 4), "1-month", null,
                random.Next(2) == 0 ? null : random.Next(1_000, 50_000), (decimal)random.Next(1, 100), "billed",
                Enumerable.Range(0, 336).Select(h => new HourlyTokens(new DateTime(2026, 10, 1).AddHours(h), random.Next(0, 5_000_000))).ToList(), 0, 0)).ToList();
            var offers = models.Select(m => new PtOffer(m, "1-month", random.Next(1, 100), random.Next(2) == 0 ? null : random.Next(1_000, 500_000))).ToList();
            var inputs = Inputs(workloads, telemetry, reservations, offers, total: workloads.Sum(w => w.Cost), unattributed: workloads.Sum(w => w.Cost) * (decimal)random.NextDouble() / 5);

            var result = RecommendationEngine.Default.Run(inputs);
            Assert.Empty(result.Rejected);
            foreach (var f in result.Findings)
            {
                findings++;
                Assert.True(f.MonthlySavings >= 0, $"{f.Key}: {f.MonthlySavings}");
                Assert.True(!f.SavingsClaimed || f.MonthlySavings <= Math.Round(f.ScopeMonthlyCost, 2), $"{f.Key}: {f.MonthlySavings} > {f.ScopeMonthlyCost}");
            }
        }

        Assert.True(findings > 1_000, $"the random organisations should exercise the detectors, got {findings} findings");
    }

    [Theory]
    [InlineData("negative", -1.0, true, 100.0, "negative")]
    [InlineData("more than the scope spends", 150.0, true, 100.0, "above the scope")]
    [InlineData("dollars on a lever that claims none", 5.0, false, 100.0, "claims none")]
    [InlineData("within bounds", 100.0, true, 100.0, null)]
    public void BoundViolation_CatchesEveryWayAnEstimateCanBeAbsurd(string name, double saving, bool claimed, double scope, string? reason)
    {
        var f = new Finding("batch", "k", "t", null, null, null, (decimal)saving, claimed, Confidence.High, "", "", [], null, (decimal)scope, Measurement.Nothing, "", []);
        var violation = RecommendationEngine.BoundViolation(f);
        Assert.True(reason is null ? violation is null : violation?.Contains(reason, StringComparison.Ordinal) == true, $"{name}: {violation}");
    }

    [Fact]
    public void Run_SetsAsideOutOfBoundsFindings_AndRanksTheRestByDollars()
    {
        var engine = new RecommendationEngine([new Fixed(
            new Finding("batch", "a", "small", null, null, null, 10m, true, Confidence.High, "", "", [], null, 100m, Measurement.Nothing, "", []),
            new Finding("batch", "b", "absurd", null, null, null, 500m, true, Confidence.High, "", "", [], null, 100m, Measurement.Nothing, "", []),
            new Finding("batch", "c", "large", null, null, null, 90m, true, Confidence.High, "", "", [], null, 100m, Measurement.Nothing, "", []))]);

        var result = engine.Run(Inputs());

        Assert.Equal(["c", "a"], result.Findings.Select(f => f.Key));
        Assert.Equal("b", Assert.Single(result.Rejected).Finding.Key);
    }

    private sealed class Fixed(params Finding[] findings) : IRecommendationDetector
    {
        public string Lever => "batch";

        public IEnumerable<Finding> Detect(RecommendationInputs inputs) => findings;
    }
}
