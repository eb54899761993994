using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Demo;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Tests.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static FinOpsDashboard.Infrastructure.Tests.Files.Fixtures;

namespace FinOpsDashboard.Infrastructure.Tests.AttributionRules;

public sealed class ReattributionTests
{
    private const string U = Attribution.Unattributed;
    private const string ProfileArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5";

    private static readonly AttributionRule[] Reorganised =
    [
        new("team", "account", null, AccountB, "ml-platform"),
        new("team", "tag", "team", "*", "{value}"),
        new("team", "log-metadata", "team", "*", "{value}"),
        new("team", "principal", null, "arn:aws:sts::111122223333:assumed-role/app/*", "app-team"),
        new("feature", "tag", "feature", "*", "{value}"),
        new("feature", "log-metadata", "feature", "*", "{value}"),
        new("feature", "inference-profile", null, "a1b2c3d4e5", "profile-feature"),
    ];

    [Fact]
    public async Task ANewVersion_ReattributesStoredCostFactsAndLogHours_AndSavingTheOldRulesRestoresThem()
    {
        await using var h = await ImportHarness.CreateAsync();
        await h.ImportAsync(h.Write("cur/2026-05.csv", Cur(MixedMonth())));
        await h.ImportAsync(h.Write("logs/2026-05-01.jsonl", LogFile()));
        var original = await h.FactSnapshotAsync();
        var originalHours = await HourSnapshotAsync(h);
        var service = new ReattributionService(h.Db.Factory(), h.AttributionRules, TimeProvider.System);
        var v1 = await h.AttributionRules.ActiveAsync(CancellationToken.None);

        await h.AttributionRules.SaveAsync(Reorganised, "account B belongs to ml-platform", "alice", v1.Version, CancellationToken.None);
        var result = await service.ReattributeAsync(NullJobProgress.Instance, CancellationToken.None);

        // Account B's Marketplace line and its tax line (team tag "search") move; its PT line was ml-platform already.
        Assert.Equal((2, 2L, 1L), (result.Version, result.CostFactsChanged, result.LogHoursChanged));
        var facts = await h.FactsAsync();
        Assert.All(facts.Where(f => f.AccountId == AccountB), f => Assert.Equal("ml-platform", f.Team));
        Assert.Equal(("search", "search"), (facts.Single(f => f.UsageType == "(Tax)").TeamTag, facts.Single(f => f.UsageType == "USE1-MP:USE1_InputTokenCount-Units").TeamTag));
        var profileHour = Assert.Single(await h.LogHoursAsync(), x => x.ModelId == ProfileArn);
        Assert.Equal(("app-team", "profile-feature"), (profileHour.Team, profileHour.Feature));
        Assert.Contains("2 cost fact(s) and 1 invocation-log hour(s) re-attributed", result.Summary);

        var again = await service.ReattributeAsync(NullJobProgress.Instance, CancellationToken.None);
        Assert.Equal((0L, 0L), (again.CostFactsChanged, again.LogHoursChanged));

        await h.AttributionRules.SaveAsync(v1.RuleSet.Rules, "back to tags only", "bob", 2, CancellationToken.None);
        var back = await service.ReattributeAsync(NullJobProgress.Instance, CancellationToken.None);
        Assert.Equal((3, 2L, 1L), (back.Version, back.CostFactsChanged, back.LogHoursChanged));
        Assert.Equal(original, await h.FactSnapshotAsync());
        Assert.Equal(originalHours, await HourSnapshotAsync(h));
    }

    [Fact]
    public async Task TwoRawTagValues_TheRulesMapToOneTeam_StayTwoFacts()
    {
        await using var h = await ImportHarness.CreateAsync();
        await h.AttributionRules.SaveAsync(
            [new("team", "tag", "team", "search-*", "search"), new("team", "tag", "team", "*", "{value}")], null, "alice", (await h.AttributionRules.ActiveAsync(CancellationToken.None)).Version, CancellationToken.None);

        await h.ImportAsync(h.Write("cur/2026-05.csv", Cur(
        [
            new(AccountA, May1, "USE1-NovaPro-input-tokens", 1000m, "1K tokens", 0.8m) { Team = "search-api" },
            new(AccountA, May1, "USE1-NovaPro-input-tokens", 500m, "1K tokens", 0.4m) { Team = "search-ui" },
        ])));

        var facts = await h.FactsAsync();
        Assert.Equal([("search", "search-api", 0.8m), ("search", "search-ui", 0.4m)], facts.Select(f => (f.Team, f.TeamTag, f.UnblendedCost)).OrderBy(f => f.TeamTag));
    }

    [Fact]
    public async Task CostExplorerIngestion_ResolvesThroughTheActiveRules_WithoutGrainCollisions()
    {
        // Every team tag value maps to one team. Cost Explorer answers one query per team tag value; keyed by the raw
        // value, each answer stays its own fact (a grain keyed by the resolved team would merge them and lose the values).
        await using var db = await TestDatabase.MigratedAsync();
        var anchor = new DateOnly(2026, 11, 21);
        var clock = new FixedTime(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var workload = new DemoWorkload(new DemoWorkloadOptions { Seed = 42, AnchorDay = anchor, HistoryDays = 3 }, clock);
        var source = new IngestionSource("demo", DemoWorkload.AccountId, true, workload, workload, [new RegionalApis("us-east-1", workload, workload, workload)]);
        var rules = new AttributionRuleStore(db.Factory(), AttributionKeys.Default, clock);
        await rules.SaveAsync([new("team", "tag", "team", "*", "everyone"), new("feature", "account", null, DemoWorkload.AccountId, "demo")], null, "alice", (await rules.ActiveAsync(CancellationToken.None)).Version, CancellationToken.None);
        var service = new CostIngestionService(db.Factory(), Options.Create(new IngestionOptions()), rules, clock);
        var window = new DateWindow(anchor.AddDays(-2), anchor.AddDays(1));

        await service.IngestAsync(source, window, 1, new AwsCallCounter(), NullJobProgress.Instance, CancellationToken.None);

        await using var context = db.Context();
        var facts = await context.CostFacts.ToListAsync();
        Assert.All(facts, f => Assert.Equal(f.TeamTag.Length > 0 ? "everyone" : U, f.Team));
        Assert.All(facts, f => Assert.Equal("demo", f.Feature));
        Assert.True(facts.Select(f => f.TeamTag).Distinct().Count() > 2, "the demo has several team tag values");
        Assert.Equal(Math.Round(workload.Ledger(window).Sum(l => l.UnblendedCost), 2), Math.Round(facts.Sum(f => f.UnblendedCost), 2));
    }

    [Fact]
    public async Task Preview_ShowsTheShareUnderCurrentAndEditedRules_FromRawInputs_WithoutWriting()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var clock = new FixedTime(new DateTimeOffset(2026, 5, 21, 9, 0, 0, TimeSpan.Zero));
        var rules = new AttributionRuleStore(db.Factory(), AttributionKeys.Default, clock);
        await using (var context = db.Context())
        {
            context.CostFacts.AddRange(
                Fact("2026-05-20", 600m, teamTag: "search", featureTag: "chat"),
                Fact("2026-05-10", 300m, principal: "arn:aws:iam::111122223333:role/search-indexer"),
                Fact("2026-05-01", 100m),
                Fact("2026-04-01", 5000m, principal: "arn:aws:iam::111122223333:role/search-old")); // outside the 30 days
            await context.SaveChangesAsync();
        }

        var preview = await new ReattributionService(db.Factory(), rules, clock).PreviewAsync(
            [new("team", "principal", null, "arn:aws:iam::111122223333:role/search-*", "search"), .. AttributionRuleSet.Default(AttributionKeys.Default).Rules],
            CancellationToken.None);

        // Window [04-21, 05-21). Current: (1,000 − 400) / 1,000 = 60 %; edited: (1,000 − 100) / 1,000 = 90 %.
        Assert.Equal(new DateWindow(new DateOnly(2026, 4, 21), new DateOnly(2026, 5, 21)), preview.Window);
        Assert.Equal((1000m, 0.6m, 0.9m), (preview.Current.TotalCost, preview.Current.TeamShare, preview.Edited.TeamShare));
        Assert.Equal((0.6m, 0.6m), (preview.Current.FeatureShare, preview.Edited.FeatureShare));
        Assert.Equal(300m, preview.CostChanging);
        Assert.Equal(new AttributionMove("team", U, "search", 300m), Assert.Single(preview.TopMoves));
        await using var check = db.Context();
        Assert.Equal(2, await check.CostFacts.CountAsync(f => f.Team == U && f.Date >= new DateOnly(2026, 5, 1)));
        Assert.Equal(1, await check.AttributionRuleSets.CountAsync());
    }

    [Fact]
    public async Task TheReattributionJob_IsInTheCatalog_AndItsRunRecordsHowManyFactsChanged()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var provider = AppServices(db);
        var rules = provider.GetRequiredService<AttributionRuleStore>();
        await using (var context = db.Context())
        {
            context.CostFacts.AddRange(Fact("2026-05-20", 10m, teamTag: "search"), Fact("2026-05-20", 5m, teamTag: "search-ui", usageType: "USE1-NovaPro-output-tokens"));
            await context.SaveChangesAsync();
        }

        await rules.SaveAsync([new("team", "tag", "team", "search*", "search-org")], "merge search", "alice", (await rules.ActiveAsync(CancellationToken.None)).Version, CancellationToken.None);
        var run = await provider.GetRequiredService<ReattributionJob>().RunTrackedAsync(ReattributionJob.RulesSavedTrigger, 1, null, CancellationToken.None);

        Assert.Contains(JobCatalog.All, j => j.Name == ReattributionJob.Name && j.JobType == typeof(ReattributionJob));
        Assert.Equal((JobRunStatus.Succeeded, 2L, ReattributionJob.RulesSavedTrigger), (run.Status, run.RowsWritten, run.Trigger));
        Assert.StartsWith("Rules v2: 2 cost fact(s) and 0 invocation-log hour(s) re-attributed", run.Message);
        await using var check = db.Context();
        Assert.All(await check.CostFacts.ToListAsync(), f => Assert.Equal(("search-org", U), (f.Team, f.Feature)));
    }

    [Fact]
    public async Task MigratingFromVersion4_KeepsEveryFact_WithItsResolvedValuesAsRawInputs()
    {
        await using var db = new TestDatabase();
        var migrator = new SqlMigrator(db.ConnectionString);
        await migrator.MigrateAsync(targetVersion: 4);
        await db.ExecuteAsync("""
            INSERT INTO cost_facts (Date, AccountId, Region, Service, UsageType, Model, PricingMode, TokenDirection, CrossRegion, CacheTtl,
                IsClassified, Team, Feature, Quantity, Unit, UnblendedCost, AmortizedCost, IsEstimated, Source, IngestedAt)
            VALUES ('2026-05-01', '111122223333', 'us-east-1', 'Amazon Bedrock', 'USE1-NovaPro-input-tokens', 'Nova Pro', 'on-demand', 'input', 'none', NULL,
                1, 'search', '(unattributed)', 1000, 'tokens', 1000000000, 1000000000, 0, 'cur', '2026-05-02 06:15:00'),
                ('2026-05-01', '111122223333', 'us-east-1', 'Amazon Bedrock', 'USE1-NovaPro-input-tokens', 'Nova Pro', 'on-demand', 'input', 'none', NULL,
                1, '(unattributed)', '(unattributed)', 1000, 'tokens', 2000000000, 2000000000, 0, 'cur', '2026-05-02 06:15:00');
            INSERT INTO invocation_log_hourly (ImportedFileId, HourStart, AccountId, Region, ModelId, Model, Operation, Team, Feature, Caller,
                RequestCount, InputTokens, OutputTokens, CacheReadInputTokens, CacheWriteInputTokens, IngestedAt)
            VALUES (1, '2026-05-01 10:00:00', '111122223333', 'us-east-1', 'amazon.nova-pro-v1:0', 'Nova Pro', 'Converse', 'support', 'agent-assist', 'arn:x', 1, 10, 5, 0, 0, '2026-05-02 06:15:00');
            """);

        await migrator.MigrateAsync();

        await using (var context = db.Context())
        {
            var facts = await context.CostFacts.OrderBy(f => f.UnblendedCost).Select(f => new { f.TeamTag, f.FeatureTag, f.ResourceId, f.Principal }).ToListAsync();
            Assert.Equal([new { TeamTag = "search", FeatureTag = "", ResourceId = "", Principal = "" }, new { TeamTag = "", FeatureTag = "", ResourceId = "", Principal = "" }], facts);
            var hour = await context.InvocationLogHourly.SingleAsync();
            Assert.Equal(("support", "agent-assist"), (hour.TeamMetadata, hour.FeatureMetadata));
        }

        var rules = new AttributionRuleStore(db.Factory(), AttributionKeys.Default, TimeProvider.System);
        var result = await new ReattributionService(db.Factory(), rules, TimeProvider.System).ReattributeAsync(NullJobProgress.Instance, CancellationToken.None);
        Assert.Equal((1, 0L, 0L), (result.Version, result.CostFactsChanged, result.LogHoursChanged));
    }

    private static string LogFile() => string.Join('\n',
    [
        LogRecord("2026-05-01T10:01:00Z", "us.anthropic.claude-sonnet-4-6", 1200, 300, metadata: new Dictionary<string, string> { ["team"] = "search", ["feature"] = "semantic-search" }),
        LogRecord("2026-05-01T10:59:59Z", "amazon.nova-pro-v1:0", 400, 100, metadata: new Dictionary<string, string> { ["team"] = "support" }),
        LogRecord("2026-05-01T11:00:00Z", ProfileArn, 50, 10, operation: "InvokeModel"),
    ]) + "\n";

    private static async Task<List<string>> HourSnapshotAsync(ImportHarness h) => (await h.LogHoursAsync())
        .Select(x => string.Join('|', x.HourStart, x.ModelId, x.Caller, x.TeamMetadata, x.FeatureMetadata, x.Team, x.Feature, x.RequestCount))
        .ToList();

    private static CostFact Fact(string date, decimal cost, string teamTag = "", string featureTag = "", string principal = "", string usageType = "USE1-NovaPro-input-tokens") => new()
    {
        Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        AccountId = AccountA,
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = usageType,
        Model = "Nova Pro",
        PricingMode = "on-demand",
        TokenDirection = "input",
        Team = teamTag.Length > 0 ? teamTag : U,
        Feature = featureTag.Length > 0 ? featureTag : U,
        TeamTag = teamTag,
        FeatureTag = featureTag,
        Principal = principal,
        Quantity = 1000,
        Unit = "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "cur",
    };

    private static ServiceProvider AppServices(TestDatabase db)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Path"] = db.Path }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddInfrastructure();
        return services.BuildServiceProvider();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
