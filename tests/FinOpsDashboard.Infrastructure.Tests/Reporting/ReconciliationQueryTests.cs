using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Infrastructure.AttributionRules;
using System.Globalization;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Pricing;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Reporting;

public sealed class ReconciliationQueryTests
{
    private static readonly DateOnly Day = new(2026, 6, 15);
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 6, 20, 8, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// The acceptance check on the seeded demo (its last 14 days): a row per model per day, the parts of every row add
    /// up to its difference exactly, and the demo's planted reasons show up where they should: Sonnet 4.6's global
    /// route and 1-hour cache writes, Haiku 4.5's 1-hour cache writes, Nova Lite's nightly batch.
    /// </summary>
    [Fact]
    public async Task OnTheSeededDemo_EveryModelDayReconciles_AndCrossRegionAndCacheDifferencesAreExplained()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var window = DateWindow.Trailing(DemoFixture.Anchor, 14);
        await SeedDemoAsync(db, window);
        var store = new PriceCatalogStore(db.Factory(), new FixedTimeProvider(DemoFixture.Now));
        await store.SeedIfEmptyAsync(CancellationToken.None);

        var report = await new ReconciliationQuery(db.Factory(), store).BilledVersusEstimatedAsync(window, null, CancellationToken.None);

        string[] tokenModels =
        [
            "Claude Haiku 4.5", "Claude Opus 4.8", "Claude Sonnet 4.6", "Llama 3 70B", "Nova Lite", "Nova Micro", "Nova Pro", "Titan Text Embeddings V2",
        ];
        Assert.Equal(tokenModels, report.Models);
        Assert.Equal(tokenModels.Length * window.Days, report.Rows.Count);
        foreach (var day in window.EachDay())
        {
            Assert.Equal(tokenModels, report.Rows.Where(r => r.Date == day).Select(r => r.Model).Order(StringComparer.Ordinal));
        }

        Assert.All(report.Rows, r =>
        {
            Assert.True(r.Parts.Sum(p => p.Amount) == r.Difference, $"{r.Date} {r.Model}: parts {r.Parts.Sum(p => p.Amount)} ≠ {r.Difference}");
            Assert.Equal(TelemetrySources.CloudWatch, r.TelemetrySource);
            Assert.True(r.Billed > 0 && r.Estimated > 0, $"{r.Date} {r.Model}: billed {r.Billed}, estimated {r.Estimated}");
            Assert.True(r.UsesRepresentativePrices);
        });
        Assert.True(report.Totals.Parts.Sum(p => p.Amount) == report.Totals.Difference);
        Assert.True(report.CatalogIsRepresentativeOnly);

        var sonnet = report.Rows.Where(r => r.Model == "Claude Sonnet 4.6").ToList();
        Assert.All(sonnet, r =>
        {
            Assert.True(r.PartOf(DifferenceKinds.CrossRegion) < 0, $"{r.Date}: the global route should bill below the geo estimate");
            Assert.True(r.PartOf(DifferenceKinds.Cache) > 0, $"{r.Date}: 1-hour cache writes should bill above the 5-minute estimate");
            Assert.Contains("global cross-region route −$", r.Explanation, StringComparison.Ordinal);
            Assert.Contains("1-hour cache writes +$", r.Explanation, StringComparison.Ordinal);
        });
        Assert.All(report.Rows.Where(r => r.Model == "Claude Haiku 4.5"), r => Assert.True(r.PartOf(DifferenceKinds.Cache) > 0, $"{r.Date}: Haiku 1-hour writes"));
        Assert.All(report.Rows.Where(r => r.Model == "Nova Lite"), r => Assert.True(r.PartOf(DifferenceKinds.Tier) < 0, $"{r.Date}: Nova Lite batch"));

        // Days Cost Explorer has finalised: the demo's telemetry sees every billed token, so nothing is untracked, and
        // Nova, Llama and Titan bill exactly at catalog prices.
        var final = report.Rows.Where(r => !r.BilledIsEstimated).ToList();
        Assert.NotEmpty(final);
        Assert.All(final, r => Assert.True(Math.Abs(r.PartOf(DifferenceKinds.Untracked)) < 0.01m, $"{r.Date} {r.Model}: untracked {r.PartOf(DifferenceKinds.Untracked)}"));
        Assert.All(final.Where(r => r.Model is "Nova Micro" or "Llama 3 70B" or "Titan Text Embeddings V2"), r =>
            Assert.True(Math.Abs(r.Difference) < 0.01m, $"{r.Date} {r.Model}: {r.Explanation}"));
        // The demo bills Opus on its us. profile at the listed global rate, 10 % under the catalog's derived geo rate.
        Assert.All(report.Rows.Where(r => r.Model == "Claude Opus 4.8"), r => Assert.True(r.PartOf(DifferenceKinds.Residual) < 0));

        var filtered = await new ReconciliationQuery(db.Factory(), store).BilledVersusEstimatedAsync(window, "Claude Sonnet 4.6", CancellationToken.None);
        Assert.Equal(window.Days, filtered.Rows.Count);
        Assert.Equal(sonnet.Sum(r => r.Billed), filtered.Totals.Billed);
        Assert.Equal(tokenModels, filtered.Models);
    }

    [Fact]
    public async Task Telemetry_IsCloudWatchSums_OrLogsWhereADayHasNoMetrics_AndProvisionedTrafficIsLeftOut()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            // Day: 600k + 400k Nova Pro input tokens in two hours, plus PT traffic that must not be estimated per token.
            context.MetricFacts.AddRange(
                Metric(Day, 1, "amazon.nova-pro-v1:0", "Nova Pro", "InputTokenCount", 600_000),
                Metric(Day, 2, "amazon.nova-pro-v1:0", "Nova Pro", "InputTokenCount", 400_000),
                Metric(Day, 2, "amazon.nova-pro-v1:0", "Nova Pro", "Invocations", 250),
                Metric(Day, 2, "amazon.nova-pro-v1:0", "Nova Pro", "InvocationLatency", 9_999, stat: "Average"),
                Metric(Day, 3, "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc", "Nova Pro", "InputTokenCount", 5_000_000));
            // The day before has logs only.
            context.InvocationLogHourly.Add(Logged(Day.AddDays(-1), "Nova Pro", requests: 40, input: 2_000_000));
            context.CostFacts.AddRange(
                Cost(Day, "Nova Pro", "input", 1_000_000, 0.80m),
                Cost(Day.AddDays(-1), "Nova Pro", "input", 2_000_000, 1.60m),
                Cost(Day, "Nova Pro", "model-units", 24, 55m));
            await context.SaveChangesAsync();
        }

        await db.DeriveMetricDailySumsAsync();
        var store = new PriceCatalogStore(db.Factory(), Clock);
        var report = await new ReconciliationQuery(db.Factory(), store).BilledVersusEstimatedAsync(new DateWindow(Day.AddDays(-1), Day.AddDays(1)), null, CancellationToken.None);

        var today = report.Rows.Single(r => r.Date == Day);
        Assert.Equal((TelemetrySources.CloudWatch, 250L, 0.80m, 0.80m), (today.TelemetrySource, today.Requests, today.Estimated, today.Billed));
        Assert.Empty(today.Parts);
        var yesterday = report.Rows.Single(r => r.Date == Day.AddDays(-1));
        Assert.Equal((TelemetrySources.InvocationLogs, 40L, 1.60m), (yesterday.TelemetrySource, yesterday.Requests, yesterday.Estimated));
    }

    [Fact]
    public async Task Estimates_FollowThePriceCatalogAsAdminsEditIt()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            context.MetricFacts.Add(Metric(Day, 1, "us.anthropic.claude-opus-4-8", "Claude Opus 4.8", "InputTokenCount", 1_000_000));
            context.CostFacts.Add(Cost(Day, "Claude Opus 4.8", "input", 1_000_000, 5.00m));
            await context.SaveChangesAsync();
        }

        await db.DeriveMetricDailySumsAsync();
        var store = new PriceCatalogStore(db.Factory(), Clock);
        await store.SeedIfEmptyAsync(CancellationToken.None);
        var query = new ReconciliationQuery(db.Factory(), store);
        var window = new DateWindow(Day, Day.AddDays(1));

        var before = Assert.Single((await query.BilledVersusEstimatedAsync(window, null, CancellationToken.None)).Rows);
        Assert.Equal(5.50m, before.Estimated); // geo derived: 5.00 × 1.10
        Assert.Equal(-0.50m, before.PartOf(DifferenceKinds.Residual));

        Assert.True((await store.AddAsync(new PriceInput("Claude Opus 4.8", null, "input", "on-demand", "none", null, 5.00m, new(2026, 6, 1)), "alice", CancellationToken.None)).Succeeded);
        var report = await query.BilledVersusEstimatedAsync(window, null, CancellationToken.None);
        var after = Assert.Single(report.Rows);
        Assert.Equal(5.00m, after.Estimated);
        Assert.Empty(after.Parts);
        Assert.False(report.CatalogIsRepresentativeOnly);
        Assert.StartsWith("Estimates use the price catalog: prices your admins entered", ReconciliationQuery.ProvenanceOf(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsVersusBilled_IsPricedThroughTheCatalog()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using (var context = db.Context())
        {
            context.InvocationLogHourly.Add(Logged(Day, "Nova Micro", requests: 5, input: 1_000_000));
            await context.SaveChangesAsync();
        }

        var store = new PriceCatalogStore(db.Factory(), Clock);
        await store.SeedIfEmptyAsync(CancellationToken.None);
        await store.AddAsync(new PriceInput("Nova Micro", null, "input", "on-demand", "none", null, 0.03m, new(2026, 6, 1)), "alice", CancellationToken.None);

        var row = Assert.Single(await new ReconciliationQuery(db.Factory(), store).LogsVersusBilledAsync(new DateWindow(Day, Day.AddDays(1)), CancellationToken.None));

        Assert.Equal(0.03m, row.Estimated);
    }

    [Fact]
    public void ToCsv_WritesOneLinePerModelDay_WithEveryPartKind()
    {
        var rows = CostReconciliation.Reconcile(
            [new TelemetryTokens(Day, "Claude Sonnet 4.6", "us-east-1", TelemetrySources.CloudWatch, 3, 1_000_000, 0, 0, 0)],
            [new BilledTokenLine(Day, "Claude Sonnet 4.6", "us-east-1", "input", "on-demand", "global", null, 1_000_000, 3.00m)],
            Domain.Pricing.PriceCatalog.Representative());
        var report = new BilledVersusEstimatedReport(new DateWindow(Day, Day.AddDays(1)), null, rows, CostReconciliation.Total(rows), ["Claude Sonnet 4.6"], true);

        var lines = ReconciliationQuery.ToCsv(report).TrimEnd('\n').Split('\n');

        Assert.Equal(
            "date,model,telemetry,requests,billed_usd,estimated_usd,difference_usd,difference_pct,cross_region_usd,tier_usd,cache_usd,untracked_usd,unpriced_usd,residual_usd,billed_is_estimated,explanation",
            lines[0]);
        Assert.Equal("2026-06-15,Claude Sonnet 4.6,cloudwatch,3,3,3.3,-0.3,-9.09,-0.3,0,0,0,0,0,false,global cross-region route −$0.30", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    private static async Task SeedDemoAsync(TestDatabase db, DateWindow window)
    {
        var clock = new FixedTimeProvider(DemoFixture.Now);
        var workload = DemoFixture.Standard(historyDays: window.Days + 2);
        var region = new RegionalApis(IngestionSourceProvider.DemoRegion, workload, workload, workload);
        var source = new IngestionSource(IngestionSourceProvider.DemoSourceName, DemoWorkload.AccountId, true, workload, workload, [region]);
        await new ProvisionedThroughputSyncService(db.Factory(), clock).SyncAsync(source, region, CancellationToken.None);
        await new CostIngestionService(db.Factory(), Options.Create(new IngestionOptions()), new AttributionRuleStore(db.Factory(), AttributionKeys.Default, clock), clock)
            .IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
        await new MetricIngestionService(db.Factory(), clock)
            .IngestAsync(source, region, window.Days + 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);
    }

    private static MetricFact Metric(DateOnly day, int hour, string modelId, string model, string metric, double value, string stat = "Sum") => new()
    {
        Timestamp = day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc),
        PeriodSeconds = 3600,
        AccountId = "111122223333",
        Region = "us-east-1",
        ModelId = modelId,
        Model = model,
        MetricName = metric,
        Stat = stat,
        Value = value,
        Source = "cost-explorer",
        IngestedAt = DateTime.UnixEpoch,
    };

    private static InvocationLogHourly Logged(DateOnly day, string model, long requests, long input) => new()
    {
        ImportedFileId = 1,
        HourStart = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
        AccountId = "111122223333",
        Region = "us-east-1",
        ModelId = model,
        Model = model,
        Operation = "Converse",
        Team = "t",
        Feature = "f",
        Caller = "arn:aws:iam::111122223333:role/app",
        RequestCount = requests,
        InputTokens = input,
        IngestedAt = DateTime.UnixEpoch,
    };

    private static CostFact Cost(DateOnly day, string model, string direction, decimal quantity, decimal cost) => new()
    {
        Date = day,
        AccountId = "111122223333",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = string.Create(CultureInfo.InvariantCulture, $"USE1-{model}-{direction}"),
        Model = model,
        PricingMode = direction == "model-units" ? "provisioned" : "on-demand",
        TokenDirection = direction,
        Team = "t",
        Feature = "f",
        Quantity = quantity,
        Unit = direction == "model-units" ? "hours" : "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "cost-explorer",
        IngestedAt = DateTime.UnixEpoch,
    };
}
