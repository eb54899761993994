using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Pricing;
using FinOpsDashboard.Domain.Tests.Pricing;

namespace FinOpsDashboard.Domain.Tests.Analytics;

public sealed class CostReconciliationTests
{
    private static readonly DateOnly Day = new(2026, 6, 15);
    private static readonly PriceCatalog Catalog = PriceCatalog.Representative();

    [Fact]
    public void GlobalRoute_IsExplainedAsCrossRegion()
    {
        // Telemetry 1M Sonnet input, billed on the global route at the listed 3.00. Estimate 1M × 3.30 (geo) = 3.30.
        var row = Single(
            [Seen("Claude Sonnet 4.6", input: 1_000_000)],
            [Bill("Claude Sonnet 4.6", "input", 1_000_000, 3.00m, route: "global")]);

        Assert.Equal(3.30m, row.Estimated);
        Assert.Equal(3.00m, row.Billed);
        Assert.Equal(-0.30m, row.Difference);
        Assert.Equal(-0.30m, row.PartOf(DifferenceKinds.CrossRegion));
        Assert.Equal("global cross-region route −$0.30", row.Explanation);
        AssertAddsUp(row);
    }

    [Fact]
    public void BatchLines_AreExplainedAsTier()
    {
        // Telemetry 2M in / 1M out on Nova Lite = 2 × 0.06 + 0.24 = 0.36; the bill charged it all as batch: 0.06 + 0.12 = 0.18.
        var row = Single(
            [Seen("Nova Lite", input: 2_000_000, output: 1_000_000)],
            [Bill("Nova Lite", "input", 2_000_000, 0.06m, mode: "batch"), Bill("Nova Lite", "output", 1_000_000, 0.12m, mode: "batch")]);

        Assert.Equal(0.36m, row.Estimated);
        Assert.Equal(-0.18m, row.Difference);
        Assert.Equal([new DifferencePart(DifferenceKinds.Tier, "batch tier", -0.18m)], row.Parts);
    }

    [Fact]
    public void OneHourCacheWrites_AreExplainedAsCache()
    {
        // CloudWatch cannot tell TTLs apart: 1M writes estimated at the 5-minute geo rate 3.75 × 1.10 = 4.125; billed at the 1-hour 6.60.
        var row = Single(
            [Seen("Claude Sonnet 4.6", cacheWrite: 1_000_000)],
            [Bill("Claude Sonnet 4.6", "cache-write", 1_000_000, 6.60m, ttl: "1h")]);

        Assert.Equal(4.125m, row.Estimated);
        Assert.Equal([new DifferencePart(DifferenceKinds.Cache, CostReconciliation.LabelOneHourWrites, 2.475m)], row.Parts);
        Assert.Equal("1-hour cache writes +$2.48", row.Explanation);
    }

    [Fact]
    public void CacheReadsSeenButNotBilled_AreCacheVolume_AndTheGlobalRouteStillShows()
    {
        // Telemetry 2M reads × 0.33 = 0.66; billed 1M global reads at 0.30. Reference for the billed 1M: 0.33.
        // cross-region 0.30 − 0.33 = −0.03; volume 0.33 − 0.66 = −0.33; total −0.36 = 0.30 − 0.66.
        var row = Single(
            [Seen("Claude Sonnet 4.6", cacheRead: 2_000_000)],
            [Bill("Claude Sonnet 4.6", "cache-read", 1_000_000, 0.30m, route: "global")]);

        Assert.Equal(-0.03m, row.PartOf(DifferenceKinds.CrossRegion));
        Assert.Equal(-0.33m, row.PartOf(DifferenceKinds.Cache));
        Assert.Contains(row.Parts, p => p.Label == "cache reads in telemetry, not billed");
        AssertAddsUp(row);
    }

    [Fact]
    public void BatchJobsWithoutTelemetry_AreUntrackedTrafficPlusTheirTierDiscount()
    {
        // Batch jobs emit no invocation metrics: 1M Nova Lite batch input billed 0.03, nothing seen.
        // Untracked: 1M × 0.06 = +0.06 "traffic billed but not in telemetry"; tier 0.03 − 0.06 = −0.03.
        var row = Single([], [Bill("Nova Lite", "input", 1_000_000, 0.03m, mode: "batch")]);

        Assert.Equal(0m, row.Estimated);
        Assert.Equal(TelemetrySources.None, row.TelemetrySource);
        Assert.Equal(0.06m, row.PartOf(DifferenceKinds.Untracked));
        Assert.Equal(CostReconciliation.LabelNotInTelemetry, row.Parts.Single(p => p.Kind == DifferenceKinds.Untracked).Label);
        Assert.Equal(-0.03m, row.PartOf(DifferenceKinds.Tier));
        Assert.Null(row.DifferenceRatio);
        Assert.Contains(row.Notes, n => n.StartsWith("no telemetry for this model-day", StringComparison.Ordinal));
        AssertAddsUp(row);
    }

    [Fact]
    public void TelemetryNotBilled_IsNegativeUntracked()
    {
        var row = Single([Seen("Nova Micro", input: 1_000_000)], []);

        Assert.Equal(0.035m, row.Estimated);
        Assert.Equal([new DifferencePart(DifferenceKinds.Untracked, CostReconciliation.LabelNotBilled, -0.035m)], row.Parts);
        Assert.Contains(row.Notes, n => n.StartsWith("seen in telemetry but not billed", StringComparison.Ordinal));
    }

    [Fact]
    public void ABillAtAnotherUnitPrice_IsTheResidual_UntilTheCatalogHoldsThatPrice()
    {
        // Opus billed at 5.00 on a geo profile, while the catalog derives geo 5.00 × 1.10 = 5.50.
        var seen = new[] { Seen("Claude Opus 4.8", input: 1_000_000) };
        var billed = new[] { Bill("Claude Opus 4.8", "input", 1_000_000, 5.00m) };

        var row = Single(seen, billed);
        Assert.Equal([new DifferencePart(DifferenceKinds.Residual, CostReconciliation.LabelResidual, -0.50m)], row.Parts);

        var negotiated = new PriceCatalog(Catalog.Entries.Append(PriceCatalogTests.Entry("Claude Opus 4.8", "input", 5.00m, from: new(2026, 6, 1))));
        var priced = Assert.Single(CostReconciliation.Reconcile(seen, billed, negotiated));
        Assert.Equal(0m, priced.Difference);
        Assert.Empty(priced.Parts);
        Assert.Equal("matches the catalog estimate (within a cent)", priced.Explanation);
        Assert.True(priced.UsesRepresentativePrices is false);
    }

    [Fact]
    public void PriorityWithoutACatalogRate_PutsTheWholeLineDifferenceInTheTier()
    {
        // Nova Pro priority: 1M input billed 1.40; reference 0.80; no priority rate, so the tier takes 0.60 and nothing is residual.
        var row = Single([Seen("Nova Pro", input: 1_000_000)], [Bill("Nova Pro", "input", 1_000_000, 1.40m, mode: "priority")]);

        Assert.Equal([new DifferencePart(DifferenceKinds.Tier, "priority tier", 0.60m)], row.Parts);
    }

    [Fact]
    public void AModelWithoutAPrice_IsUnpriced_AndSaysWhatToAdd()
    {
        var row = Single([Seen("Mystery 9", input: 500)], [Bill("Mystery 9", "input", 500, 1.00m)]);

        Assert.Equal(0m, row.Estimated);
        Assert.Equal([new DifferencePart(DifferenceKinds.Unpriced, "no catalog price for input", 1.00m)], row.Parts);
        Assert.Contains("no catalog price for Mystery 9 input: add one on the price catalog page", row.Notes);
    }

    [Fact]
    public void CloudWatch_IsPreferredOverLogs_AndLogsFillModelDaysWithoutMetrics()
    {
        var rows = CostReconciliation.Reconcile(
            [
                Seen("Nova Pro", input: 1_000_000, requests: 10),
                Seen("Nova Pro", input: 3_000_000, source: TelemetrySources.InvocationLogs, requests: 30),
                Seen("Nova Lite", input: 1_000_000, source: TelemetrySources.InvocationLogs, requests: 7),
            ],
            [],
            Catalog);

        var pro = rows.Single(r => r.Model == "Nova Pro");
        Assert.Equal(TelemetrySources.CloudWatch, pro.TelemetrySource);
        Assert.Equal(0.80m, pro.Estimated);
        Assert.Equal(10, pro.Requests);
        var lite = rows.Single(r => r.Model == "Nova Lite");
        Assert.Equal(TelemetrySources.InvocationLogs, lite.TelemetrySource);
        Assert.Equal(7, lite.Requests);
    }

    [Fact]
    public void Rows_AreNewestDayFirst_AndTotalsAddUpLikeRows()
    {
        var rows = CostReconciliation.Reconcile(
            [Seen("Nova Pro", input: 1_000_000), Seen("Nova Pro", input: 1_000_000, day: Day.AddDays(-1))],
            [Bill("Nova Pro", "input", 1_000_000, 0.70m), Bill("Claude Sonnet 4.6", "input", 1_000_000, 3.00m, route: "global", day: Day.AddDays(-1))],
            Catalog);

        Assert.Equal([Day, Day.AddDays(-1), Day.AddDays(-1)], rows.Select(r => r.Date));
        Assert.Equal(["Nova Pro", "Claude Sonnet 4.6", "Nova Pro"], rows.Select(r => r.Model));
        var totals = CostReconciliation.Total(rows);
        Assert.Equal(3.70m, totals.Billed);
        Assert.Equal(1.60m, totals.Estimated);
        Assert.Equal(totals.Difference, totals.Parts.Sum(p => p.Amount));
        Assert.Equal(rows.Sum(r => r.PartOf(DifferenceKinds.Untracked)), totals.PartOf(DifferenceKinds.Untracked));
    }

    [Fact]
    public void Explanation_ListsTheLargestPartFirst_AndLeavesOutSubCentParts()
    {
        var text = CostReconciliation.Explain([
            new DifferencePart(DifferenceKinds.CrossRegion, CostReconciliation.LabelCrossRegion, -12.40m),
            new DifferencePart(DifferenceKinds.Cache, CostReconciliation.LabelOneHourWrites, 3.10m),
            new DifferencePart(DifferenceKinds.Residual, CostReconciliation.LabelResidual, 0.004m),
        ]);

        Assert.Equal("global cross-region route −$12.40; 1-hour cache writes +$3.10", text);
    }

    [Fact]
    public void Cost_RoundsToTheNanoDollar() => Assert.Equal(4.0740711m, CostReconciliation.Cost(1_234_567, 3.30m));

    /// <summary>
    /// The exact-sum property: for any telemetry, bill and catalog, every row's parts add up to billed − estimated with
    /// no rounding, and billed is exactly the sum of its lines. Inputs are random with fixed seeds (reproducible).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(1234)]
    [InlineData(99991)]
    public void Parts_AlwaysAddUpExactlyToTheDifference(int seed)
    {
        var random = new Random(seed);
        string[] models = ["Claude Sonnet 4.6", "Claude Haiku 4.5", "Nova Pro", "Nova Lite", "Llama 3 70B", "Mystery 9"];
        string?[] regions = [null, "us-east-1", "us-west-2", "eu"];
        string[] modes = ["on-demand", "batch", "flex", "priority", "custom-model"];
        var extra = new List<PriceCatalogEntry>();
        for (var i = 0; i < 12; i++)
        {
            extra.Add(PriceCatalogTests.Entry(
                Pick(random, models), Pick(random, PriceDimensions.Directions.ToArray()), RandomRate(random), Pick(random, regions),
                Pick(random, PriceDimensions.PricingModes.ToArray()), Pick(random, PriceDimensions.CrossRegions.ToArray()),
                from: Day.AddDays(random.Next(-10, 3)), to: random.Next(2) == 0 ? null : Day.AddDays(random.Next(0, 5))));
        }

        var catalog = new PriceCatalog(Catalog.Entries.Concat(extra));
        var checkedRows = 0;
        for (var round = 0; round < 40; round++)
        {
            var telemetry = Enumerable.Range(0, random.Next(0, 8)).Select(_ => Seen(
                    Pick(random, models), RandomTokens(random), RandomTokens(random), RandomTokens(random), RandomTokens(random),
                    random.Next(3) == 0 ? TelemetrySources.InvocationLogs : TelemetrySources.CloudWatch, Day.AddDays(-random.Next(0, 3)),
                    region: Pick(random, regions)))
                .ToList();
            var billed = Enumerable.Range(0, random.Next(0, 12)).Select(_ =>
                {
                    var direction = Pick(random, PriceDimensions.Directions.ToArray());
                    return new BilledTokenLine(
                        Day.AddDays(-random.Next(0, 3)), Pick(random, models), Pick(random, regions), direction, Pick(random, modes),
                        Pick(random, PriceDimensions.CrossRegions.ToArray()), direction == "cache-write" ? Pick(random, new string?[] { null, "5m", "1h" }) : null,
                        RandomTokens(random) + (random.Next(4) == 0 ? 0.5m : 0m), Math.Round((decimal)random.NextDouble() * 500m, random.Next(0, 11)),
                        random.Next(5) == 0);
                })
                .ToList();

            var rows = CostReconciliation.Reconcile(telemetry, billed, catalog);

            foreach (var row in rows)
            {
                checkedRows++;
                AssertAddsUp(row);
                Assert.Equal(billed.Where(b => b.Date == row.Date && b.Model == row.Model).Sum(b => b.Cost), row.Billed);
                Assert.DoesNotContain(row.Parts, p => p.Amount == 0);
            }

            var totals = CostReconciliation.Total(rows);
            Assert.Equal(totals.Difference, totals.Parts.Sum(p => p.Amount));
            Assert.Equal(billed.Sum(b => b.Cost), totals.Billed);
        }

        Assert.True(checkedRows > 100, $"only {checkedRows} rows checked");
    }

    private static void AssertAddsUp(ModelDayReconciliation row) =>
        Assert.True(row.Parts.Sum(p => p.Amount) == row.Difference, $"{row.Date} {row.Model}: parts {row.Parts.Sum(p => p.Amount)} ≠ difference {row.Difference}");

    private static ModelDayReconciliation Single(IEnumerable<TelemetryTokens> telemetry, IEnumerable<BilledTokenLine> billed) =>
        Assert.Single(CostReconciliation.Reconcile(telemetry, billed, Catalog));

    private static TelemetryTokens Seen(
        string model, long input = 0, long output = 0, long cacheRead = 0, long cacheWrite = 0, string source = TelemetrySources.CloudWatch,
        DateOnly? day = null, long requests = 1, string? region = "us-east-1") =>
        new(day ?? Day, model, region, source, requests, input, output, cacheRead, cacheWrite);

    private static BilledTokenLine Bill(
        string model, string direction, decimal tokens, decimal cost, string mode = "on-demand", string route = "none", string? ttl = null, DateOnly? day = null) =>
        new(day ?? Day, model, "us-east-1", direction, mode, route, direction == "cache-write" ? ttl ?? "5m" : null, tokens, cost);

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static long RandomTokens(Random random) => random.Next(4) == 0 ? 0 : random.NextInt64(1, 5_000_000_000);

    private static decimal RandomRate(Random random) => Math.Round((decimal)random.NextDouble() * 30m, random.Next(0, 10));
}
