using FinOpsDashboard.Domain.Recommendations;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Recommendations;
using FinOpsDashboard.Infrastructure.Tests.Demo;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Tests.Recommendations;

public sealed class RecommendationStoreTests
{
    private static readonly DateWindow Window = new(new DateOnly(2026, 10, 23), new DateOnly(2026, 11, 22));
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    private static Finding Finding(string key, string? team, decimal saving = 100m) =>
        new("batch", key, $"title {key}", "Nova Pro", team, "f", saving, true, Confidence.High, "evidence", "formula", [new("a", "1")], null, 1_000m,
            new Measurement(Measurement.UnitCost, null, team, "f", 1_000m, 2m), "Daily cost", [new("10-23", 10m)]);

    [Fact]
    public async Task StatusChanges_PersistWithHistory_AndDismissingNeedsAReason()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new RecommendationStore(db.Factory(), _clock);
        await store.UpsertAsync([Finding("a", "support")], Window, CancellationToken.None);
        var id = (await store.ListAsync(new(), AccessScope.Everything, CancellationToken.None)).Single().Id;

        var refused = await Assert.ThrowsAsync<RecommendationChangeException>(() =>
            store.SetStatusAsync(id, RecommendationStatus.Dismissed, "  ", null, "lead", AccessScope.Everything, CancellationToken.None));
        Assert.Contains("why", refused.Message, StringComparison.Ordinal);

        await store.SetStatusAsync(id, RecommendationStatus.Accepted, null, "ana", "lead", AccessScope.Everything, CancellationToken.None);
        _clock.Now = _clock.Now.AddHours(1);
        await store.SetStatusAsync(id, RecommendationStatus.Dismissed, "the feature is being retired", null, "lead", AccessScope.Everything, CancellationToken.None);

        var detail = (await store.GetAsync(id, AccessScope.Everything, CancellationToken.None))!;
        Assert.Equal((RecommendationStatus.Dismissed, "the feature is being retired", "ana"), (detail.Recommendation.Status, detail.Recommendation.StatusReason, detail.Recommendation.Owner));
        Assert.Equal(["status", "owner", "status", "raised"], detail.History.Select(e => e.Action));
        Assert.Equal("accepted → dismissed", $"{detail.History[0].FromStatus} → {detail.History[0].ToStatus}");
        Assert.Equal("lead", detail.History[0].Actor);
        Assert.Equal([new FindingInput("a", "1")], detail.Inputs);
    }

    [Fact]
    public async Task AManager_CannotSeeOrChangeAnotherTeamsItem()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new RecommendationStore(db.Factory(), _clock);
        await store.UpsertAsync([Finding("mine", "support"), Finding("theirs", "commerce"), Finding("org", null)], Window, CancellationToken.None);
        var manager = AccessScope.ForTeams(["support"]);

        var visible = await store.ListAsync(new(), manager, CancellationToken.None);
        Assert.Equal(["mine"], visible.Select(r => r.Key));

        var theirs = (await store.ListAsync(new(), AccessScope.Everything, CancellationToken.None)).Single(r => r.Key == "theirs");
        Assert.Null(await store.GetAsync(theirs.Id, manager, CancellationToken.None));
        await Assert.ThrowsAsync<RecommendationChangeException>(() =>
            store.SetStatusAsync(theirs.Id, RecommendationStatus.Done, null, null, "mgr", manager, CancellationToken.None));
        await using var check = db.Context();
        Assert.Equal(RecommendationStatus.Open, (await check.Recommendations.SingleAsync(r => r.Key == "theirs")).Status);
    }

    [Fact]
    public async Task Upsert_RefreshesNumbers_KeepsTheBaseline_AndMarksVanishedItems()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new RecommendationStore(db.Factory(), _clock);
        await store.UpsertAsync([Finding("a", "support", 100m), Finding("b", "support", 50m)], Window, CancellationToken.None);

        var (raised, refreshed, gone) = await store.UpsertAsync([Finding("a", "support", 140m)], Window, CancellationToken.None);

        Assert.Equal((0, 1, 1), (raised, refreshed, gone));
        var rows = await store.ListAsync(new(), AccessScope.Everything, CancellationToken.None);
        var a = rows.Single(r => r.Key == "a");
        Assert.Equal((140m, 100m, true), (a.MonthlySavings, a.BaselineMonthlySavings, a.IsActive));
        Assert.False(rows.Single(r => r.Key == "b").IsActive);

        // Back again: "detected again" in its history, not a second row.
        await store.UpsertAsync([Finding("a", "support", 140m), Finding("b", "support", 50m)], Window, CancellationToken.None);
        var b = (await store.ListAsync(new(), AccessScope.Everything, CancellationToken.None)).Single(r => r.Key == "b");
        var history = (await store.GetAsync(b.Id, AccessScope.Everything, CancellationToken.None))!.History.Select(e => e.Action);
        Assert.Equal(["detected-again", "not-detected", "raised"], history);
    }

    [Fact]
    public async Task DoneItems_GetTheirRealisedSavingRecorded_AndLoseItWhenReopened()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new RecommendationStore(db.Factory(), _clock);
        await store.UpsertAsync([Finding("a", "support")], Window, CancellationToken.None);
        var id = (await store.ListAsync(new(), AccessScope.Everything, CancellationToken.None)).Single().Id;
        await store.SetStatusAsync(id, RecommendationStatus.Done, "shipped", null, "lead", AccessScope.Everything, CancellationToken.None);

        Assert.Equal(1, await store.RecordRealisedAsync(_ => (321.456m, "formula"), CancellationToken.None));
        var done = (await store.GetAsync(id, AccessScope.Everything, CancellationToken.None))!.Recommendation;
        Assert.Equal((321.46m, "formula"), (done.RealisedMonthlySavings, done.RealisedNote));

        await store.SetStatusAsync(id, RecommendationStatus.Open, null, null, "lead", AccessScope.Everything, CancellationToken.None);
        Assert.Null((await store.GetAsync(id, AccessScope.Everything, CancellationToken.None))!.Recommendation.RealisedMonthlySavings);
    }
}
