using FinOpsDashboard.Domain.Anomalies;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Anomalies;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Reporting;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using FinOpsDashboard.Infrastructure.Tests.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Tests.Anomalies;

public sealed class AnomalyDetectionStepTests
{
    // Ten weeks, Monday 2026-03-02 to Sunday 2026-05-10: search/chat on Sonnet ($300 a day), support/triage on Nova Pro ($160).
    // Planted: chat triples on Wednesday 05-06 (+$600), triage triples on Thursday 05-07 (+$320).
    private static readonly DateOnly First = new(2026, 3, 2);
    private static readonly DateOnly ChatSpike = new(2026, 5, 6);
    private static readonly DateOnly TriageSpike = new(2026, 5, 7);
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 5, 11, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task FindsEachPlantedSpike_InEverySeriesItShowsIn_WithTheExplanationStored()
    {
        await using var db = await SeededAsync();

        var result = await Step(db).RunAsync(NullJobProgress.Instance, CancellationToken.None);

        await using var context = db.Context();
        var flags = await context.Anomalies.OrderBy(a => a.Date).ThenBy(a => a.Dimension).ThenBy(a => a.Key).ToListAsync();
        Assert.Equal(
            [
                "2026-05-06 feature chat search", "2026-05-06 model Claude Sonnet 4.6 -", "2026-05-06 pricing-mode on-demand -", "2026-05-06 team search search",
                "2026-05-06 total all -",
                "2026-05-07 feature triage support", "2026-05-07 model Nova Pro -", "2026-05-07 pricing-mode on-demand -", "2026-05-07 team support support",
                "2026-05-07 total all -",
            ],
            flags.Select(f => $"{f.Date:yyyy-MM-dd} {f.Dimension} {f.Key} {f.Team ?? "-"}"));
        Assert.Equal(10, result.RowsWritten);

        // chat: expected $300 (eight flat Wednesdays: MAD 0, spread 5 % = $15), actual $900 → z 40, +$600 = 12 × $50 → high.
        var chat = flags.Single(f => f.Dimension == "feature" && f.Key == "chat");
        Assert.Equal((300m, 900m, 15m, 40d, "high"), (chat.ExpectedUsd, chat.ActualUsd, chat.SpreadUsd, chat.Z, chat.Severity));
        Assert.Equal((600m, 0m, 0m, 0m, 0m), (chat.VolumeUsd, chat.UnitPriceUsd, chat.MixUsd, chat.CacheUsd, chat.ModeUsd));
        var top = Assert.Single(AnomalyQuery.Item(chat).TopUsageTypes);
        Assert.Equal(new StoredUsageType("USE1-ClaudeSonnet4.6-input-tokens", 900m, 300m), top);
        Assert.All(flags, f => Assert.Equal(("new", true), (f.Status, f.IsCurrent)));

        // The total on 05-06: $460 expected, $1,060 actual; the extra tokens are Sonnet's, so the mix moves too.
        var total = flags.Single(f => f.Dimension == "total" && f.Date == ChatSpike);
        Assert.Equal(600m, total.VolumeUsd + total.UnitPriceUsd + total.MixUsd + total.CacheUsd + total.ModeUsd);
    }

    [Fact]
    public async Task ReRunning_UpdatesFlagsInPlace_AndNeverLosesStatusOrNotes()
    {
        await using var db = await SeededAsync();
        var step = Step(db);
        await step.RunAsync(NullJobProgress.Instance, CancellationToken.None);
        var (chatId, teamId) = await IdsAsync(db);
        var review = new AnomalyReview(db.Factory(), Clock);
        await review.ChangeStatusAsync(chatId, AnomalyStatus.Explained, "Newsletter send, planned by growth", "lead", AccessScope.Everything, CancellationToken.None);
        await review.ChangeStatusAsync(teamId, AnomalyStatus.Acknowledged, null, "lead", AccessScope.Everything, CancellationToken.None);

        // A late correction makes the chat spike bigger; the step runs twice more.
        await SetCostAsync(db, ChatSpike, "chat", 1200m);
        await step.RunAsync(NullJobProgress.Instance, CancellationToken.None);
        var third = await step.RunAsync(NullJobProgress.Instance, CancellationToken.None);

        await using var context = db.Context();
        Assert.Equal(10, await context.Anomalies.CountAsync());
        var chat = await context.Anomalies.SingleAsync(a => a.Id == chatId);
        Assert.Equal((1200m, "explained", "Newsletter send, planned by growth", "lead"), (chat.ActualUsd, chat.Status, chat.Note, chat.StatusBy));
        Assert.Equal("acknowledged", (await context.Anomalies.SingleAsync(a => a.Id == teamId)).Status);
        Assert.Equal(2, await context.AnomalyEvents.CountAsync());
        Assert.Contains("0 new, 10 updated, 0 removed", third.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFlagThatDisappears_IsDeletedWhenUnreviewed_AndKeptAsNoLongerCurrentWhenReviewed()
    {
        await using var db = await SeededAsync();
        var step = Step(db);
        await step.RunAsync(NullJobProgress.Instance, CancellationToken.None);
        var (chatId, _) = await IdsAsync(db);
        await new AnomalyReview(db.Factory(), Clock).ChangeStatusAsync(chatId, AnomalyStatus.Planned, "Load test", "lead", AccessScope.Everything, CancellationToken.None);

        // The corrected bill shows no chat spike after all.
        await SetCostAsync(db, ChatSpike, "chat", 300m);
        var result = await step.RunAsync(NullJobProgress.Instance, CancellationToken.None);

        await using var context = db.Context();
        var left = await context.Anomalies.Where(a => a.Date == ChatSpike).ToListAsync();
        var kept = Assert.Single(left);
        Assert.Equal((chatId, "planned", false), (kept.Id, kept.Status, kept.IsCurrent));
        Assert.Equal(5, await context.Anomalies.CountAsync(a => a.Date == TriageSpike && a.IsCurrent));
        Assert.Contains("4 removed, 1 kept as reviewed", result.Summary, StringComparison.Ordinal);
        Assert.Single(await context.AnomalyEvents.ToListAsync());
    }

    [Fact]
    public async Task Review_ExplainNeedsANote_SettingBackToNewIsRefused_AndEachChangeIsKeptInHistory()
    {
        await using var db = await SeededAsync();
        await Step(db).RunAsync(NullJobProgress.Instance, CancellationToken.None);
        var (chatId, _) = await IdsAsync(db);
        var review = new AnomalyReview(db.Factory(), Clock);

        var noNote = await Assert.ThrowsAsync<ArgumentException>(() => review.ChangeStatusAsync(chatId, AnomalyStatus.Explained, "  ", "lead", AccessScope.Everything, CancellationToken.None));
        Assert.Contains("needs a note", noNote.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => review.ChangeStatusAsync(chatId, AnomalyStatus.New, null, "lead", AccessScope.Everything, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => review.ChangeStatusAsync(chatId, AnomalyStatus.Planned, new string('x', 2001), "lead", AccessScope.Everything, CancellationToken.None));

        await review.ChangeStatusAsync(chatId, AnomalyStatus.Acknowledged, null, "lead", AccessScope.Everything, CancellationToken.None);
        Clock.Now = Clock.Now.AddMinutes(5);
        await review.ChangeStatusAsync(chatId, AnomalyStatus.Explained, " Campaign send ", "manager", AccessScope.ForTeams(["search"]), CancellationToken.None);

        var detail = await Query(db).DetailAsync(chatId, AccessScope.Everything, CancellationToken.None);
        Assert.NotNull(detail);
        Assert.Equal((AnomalyStatus.Explained, "Campaign send", "manager"), (detail.Item.Status, detail.Item.Note, detail.Item.StatusBy));
        Assert.Equal(
            ["acknowledged→explained by manager: Campaign send", "new→acknowledged by lead: "],
            detail.History.Select(e => $"{e.FromStatus}→{e.ToStatus} by {e.By}: {e.Note}"));
    }

    [Fact]
    public async Task AManager_SeesAndActsOnOnlyTheirTeamsTeamAndFeatureFlags()
    {
        await using var db = await SeededAsync();
        await Step(db).RunAsync(NullJobProgress.Instance, CancellationToken.None);
        var manager = AccessScope.ForTeams(["search"]);
        var query = Query(db);
        var window = new DateWindow(First, new DateOnly(2026, 5, 11));

        var seen = await query.ListAsync(new AnomalyListFilter(window), manager, CancellationToken.None);

        Assert.Equal(["feature chat", "team search"], seen.Select(i => $"{i.Dimension.Slug()} {i.Key}").Order());
        Assert.All(seen, i => Assert.Equal(AnomalySource.Ours, i.Source));

        await using var context = db.Context();
        var total = await context.Anomalies.SingleAsync(a => a.Dimension == "total" && a.Date == ChatSpike);
        var otherTeam = await context.Anomalies.SingleAsync(a => a.Dimension == "team" && a.Key == "support");
        Assert.Null(await query.DetailAsync(total.Id, manager, CancellationToken.None));
        Assert.NotNull(await query.DetailAsync(total.Id, AccessScope.Everything, CancellationToken.None));
        var review = new AnomalyReview(db.Factory(), Clock);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => review.ChangeStatusAsync(otherTeam.Id, AnomalyStatus.Acknowledged, null, "manager", manager, CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => review.ChangeStatusAsync(total.Id, AnomalyStatus.Acknowledged, null, "manager", manager, CancellationToken.None));
        Assert.Equal(0, await context.AnomalyEvents.CountAsync());

        var summary = await query.SummaryAsync(window, manager, "search", 3, CancellationToken.None);
        Assert.Equal((2, 2), (summary.Count, summary.Unreviewed));
    }

    [Fact]
    public async Task AwsFindings_AreListedBesideOurs_AndMatchedWhereTheyOverlap()
    {
        await using var db = await SeededAsync();
        await using (var context = db.Context())
        {
            context.AwsAnomalies.AddRange(
                new AwsAnomaly
                {
                    AnomalyId = "aws-chat", AccountId = "111122223333", MonitorArn = "arn:aws:ce::111122223333:anomalymonitor/m", StartDate = ChatSpike, EndDate = ChatSpike,
                    DimensionValue = "Amazon Bedrock", TotalImpact = 590m, TotalActualSpend = 1060m, TotalExpectedSpend = 470m, Source = "cost-explorer",
                    RootCausesJson = """[{"Service":"Amazon Bedrock","Region":"us-east-1","LinkedAccount":"111122223333","UsageType":"USE1-ClaudeSonnet4.6-input-tokens","Impact":{"Contribution":590}}]""",
                },
                new AwsAnomaly
                {
                    AnomalyId = "aws-elsewhere", AccountId = "111122223333", MonitorArn = "arn:aws:ce::111122223333:anomalymonitor/m", StartDate = new DateOnly(2026, 4, 1),
                    EndDate = new DateOnly(2026, 4, 2), DimensionValue = "Amazon Bedrock", TotalImpact = 80m, TotalActualSpend = 540m, TotalExpectedSpend = 460m,
                    RootCausesJson = "[]", Source = "cost-explorer",
                });
            await context.SaveChangesAsync();
        }

        await Step(db).RunAsync(NullJobProgress.Instance, CancellationToken.None);

        var items = await Query(db).ListAsync(new AnomalyListFilter(new DateWindow(First, new DateOnly(2026, 5, 11))), AccessScope.Everything, CancellationToken.None);
        var matched = items.Where(i => i.Source == AnomalySource.Ours && i.AwsAnomalyId == "aws-chat").Select(i => i.Dimension.Slug()).Order().ToList();
        Assert.Equal(["feature", "model", "pricing-mode", "team", "total"], matched);
        Assert.DoesNotContain(items, i => i.Source == AnomalySource.Ours && i.Date == TriageSpike && i.AwsAnomalyId is not null);
        var aws = items.Single(i => i.AwsAnomalyId == "aws-chat" && i.Source == AnomalySource.Aws);
        Assert.Equal((1060m, 470m, AnomalySeverity.High, 5), (aws.Actual, aws.Expected, aws.Severity, aws.MatchedIds.Count));
        Assert.Empty(items.Single(i => i.AwsAnomalyId == "aws-elsewhere").MatchedIds);

        var oursOnly = await Query(db).ListAsync(new AnomalyListFilter(new DateWindow(First, new DateOnly(2026, 5, 11))) { Source = AnomalySource.Ours }, AccessScope.Everything, CancellationToken.None);
        Assert.Equal(10, oursOnly.Count);
        var managerView = await Query(db).ListAsync(new AnomalyListFilter(new DateWindow(First, new DateOnly(2026, 5, 11))), AccessScope.ForTeams(["search"]), CancellationToken.None);
        Assert.DoesNotContain(managerView, i => i.Source == AnomalySource.Aws);
    }

    [Fact]
    public async Task Detail_ChartsTheSeriesAroundTheDay_WithTheExpectedBand()
    {
        await using var db = await SeededAsync();
        await Step(db).RunAsync(NullJobProgress.Instance, CancellationToken.None);
        var (chatId, _) = await IdsAsync(db);

        var detail = (await Query(db).DetailAsync(chatId, AccessScope.Everything, CancellationToken.None))!;

        // 28 days before the spike to the end of the data (05-10): 33 days.
        Assert.Equal(ChatSpike.AddDays(-28), detail.Series[0].Date);
        Assert.Equal(new DateOnly(2026, 5, 10), detail.Series[^1].Date);
        var spike = detail.Series.Single(p => p.Date == ChatSpike);
        // Expected 300, band ± 3.5 × $15.
        Assert.Equal((900m, 300m, 247.5m, 352.5m), (spike.Actual, spike.Expected!.Value, spike.Lower!.Value, spike.Upper!.Value));
    }

    [Fact]
    public async Task BadSettings_FailTheStepWithAClearMessage_AndWriteNothing()
    {
        await using var db = await SeededAsync();
        var step = new AnomalyDetectionStep(db.Factory(), Options.Create(new AnomalySettings { ZThreshold = 0 }), Clock);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => step.RunAsync(NullJobProgress.Instance, CancellationToken.None));

        Assert.Contains("Anomalies:ZThreshold", error.Message, StringComparison.Ordinal);
        await using var context = db.Context();
        Assert.Equal(0, await context.Anomalies.CountAsync());
    }

    private static AnomalyDetectionStep Step(TestDatabase db) => new(db.Factory(), Options.Create(new AnomalySettings()), Clock);

    private static AnomalyQuery Query(TestDatabase db) => new(db.Factory(), new SpendReports(db.Factory()), Options.Create(new AnomalySettings()));

    private static async Task<TestDatabase> SeededAsync()
    {
        var db = await TestDatabase.MigratedAsync();
        await using var context = db.Context();
        for (var day = First; day <= new DateOnly(2026, 5, 10); day = day.AddDays(1))
        {
            var iso = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            context.CostFacts.Add(ReviewFacts.Tokens(iso, "Claude Sonnet 4.6", "search", "chat", day == ChatSpike ? 300 : 100, 3m));
            context.CostFacts.Add(ReviewFacts.Tokens(iso, "Nova Pro", "support", "triage", day == TriageSpike ? 600 : 200, 0.8m));
        }

        await context.SaveChangesAsync();
        await db.DeriveSpendRollupAsync(); // straight to the table: build the rollup the reports read, as ingestion does
        return db;
    }

    private static async Task<(long Chat, long Team)> IdsAsync(TestDatabase db)
    {
        await using var context = db.Context();
        var chat = await context.Anomalies.SingleAsync(a => a.Dimension == "feature" && a.Key == "chat");
        var team = await context.Anomalies.SingleAsync(a => a.Dimension == "team" && a.Key == "search");
        return (chat.Id, team.Id);
    }

    /// <summary>A re-ingested day: the feature's fact now costs <paramref name="cost"/> (tokens at the same $3 per million).</summary>
    private static async Task SetCostAsync(TestDatabase db, DateOnly day, string feature, decimal cost)
    {
        await using var context = db.Context();
        var fact = await context.CostFacts.SingleAsync(f => f.Date == day && f.Feature == feature);
        fact.UnblendedCost = cost;
        fact.AmortizedCost = cost;
        fact.Quantity = cost / 3m * 1_000_000m;
        await context.SaveChangesAsync();
        await db.DeriveSpendRollupAsync();
    }
}
