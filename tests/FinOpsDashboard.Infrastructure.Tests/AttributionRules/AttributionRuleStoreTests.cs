using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Infrastructure.AttributionRules;
using Microsoft.EntityFrameworkCore;

namespace FinOpsDashboard.Infrastructure.Tests.AttributionRules;

public sealed class AttributionRuleStoreTests
{
    private static readonly AttributionRule SearchRole = new("team", "principal", null, "arn:aws:iam::111122223333:role/search-*", "search");

    [Fact]
    public async Task FirstRead_SeedsVersion1_FromTheConfiguredKeys_Once()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new AttributionRuleStore(db.Factory(), new AttributionKeys("cost-center", "app", "team", "use_case"), TimeProvider.System);

        var active = await store.ActiveAsync(CancellationToken.None);
        await store.ActiveAsync(CancellationToken.None);

        Assert.Equal((1, AttributionRuleStore.SystemUser), (active.Version, active.CreatedBy));
        Assert.Equal(
            ["team: tag[cost-center] = * → {value}", "team: log-metadata[team] = * → {value}", "feature: tag[app] = * → {value}", "feature: log-metadata[use_case] = * → {value}"],
            active.RuleSet.Rules.Select(r => r.Describe()));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM attribution_rule_sets"));
        Assert.Equal(4, await db.ScalarAsync("SELECT count(*) FROM attribution_rules"));
    }

    [Fact]
    public async Task Saving_AddsAVersion_TheLatestIsActive_AndOldVersionsAreNeverChanged()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new AttributionRuleStore(db.Factory(), AttributionKeys.Default, TimeProvider.System);
        var v1 = await store.ActiveAsync(CancellationToken.None);
        var v1Rows = await RuleRowsAsync(db, 1);

        var saved = await store.SaveAsync([SearchRole, .. v1.RuleSet.Rules], "  search indexer role  ", "alice", basedOnVersion: 1, CancellationToken.None);
        var v3 = await store.SaveAsync(v1.RuleSet.Rules, null, " ", basedOnVersion: 2, CancellationToken.None);

        Assert.Equal((2, 3), (saved.Version, v3.Version));
        Assert.Equal(v1Rows, await RuleRowsAsync(db, 1));
        var active = await store.ActiveAsync(CancellationToken.None);
        Assert.Equal((3, AttributionRuleStore.SystemUser), (active.Version, active.CreatedBy));

        var history = await store.HistoryAsync(CancellationToken.None);
        Assert.Equal([3, 2, 1], history.Select(h => h.Version));
        Assert.Equal(("alice", "search indexer role"), (history[1].CreatedBy, history[1].Note));
        Assert.Equal(["Added #1 team: principal = arn:aws:iam::111122223333:role/search-* → search"], history[1].Changes.Select(c => c.Describe()));
        Assert.Equal(["Removed #1 team: principal = arn:aws:iam::111122223333:role/search-* → search"], history[0].Changes.Select(c => c.Describe()));
        Assert.Equal(4, history[2].Changes.Count(c => c.Kind == AttributionChangeKind.Added));
    }

    [Fact]
    public async Task InvalidRules_AreRefusedWithTheirMessages_AndNothingIsSaved()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new AttributionRuleStore(db.Factory(), AttributionKeys.Default, TimeProvider.System);
        await store.ActiveAsync(CancellationToken.None);

        var result = await store.SaveAsync(
            [new("team", "tag", "", "*", "{value}"), new("team", "tag", "owner", "search-[a]", "")], "broken", "alice", 1, CancellationToken.None);

        Assert.False(result.Saved);
        Assert.Equal(
        [
            "Rule 1 (key): A tag rule needs the tag key to read (e.g. team).",
            "Rule 2 (key): Tag key 'owner' is not stored with the facts, so the rule could never match: use the team tag 'team' or the feature tag 'feature' (Ingestion:TeamTagKey / FeatureTagKey).",
            "Rule 2 (match): Bad glob 'search-[a]': '[' is not supported; the only wildcards are * (any characters) and ? (one character).",
            "Rule 2 (assign): Assign is empty: give a fixed name (e.g. search) or {value} to use the matched value.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM attribution_rule_sets"));
    }

    [Fact]
    public async Task SavingOnTopOfAStaleVersion_IsRefused_SoNobodysRulesAreLost()
    {
        await using var db = await TestDatabase.MigratedAsync();
        var store = new AttributionRuleStore(db.Factory(), AttributionKeys.Default, TimeProvider.System);
        var loaded = await store.ActiveAsync(CancellationToken.None);
        await store.SaveAsync([SearchRole, .. loaded.RuleSet.Rules], "first", "alice", loaded.Version, CancellationToken.None);

        var late = await store.SaveAsync(loaded.RuleSet.Rules.Take(2).ToList(), "second", "bob", loaded.Version, CancellationToken.None);

        Assert.False(late.Saved);
        Assert.StartsWith("Version 2 was saved (by alice", Assert.Single(late.Errors).Message);
        Assert.Equal(2, (await store.ActiveAsync(CancellationToken.None)).Version);
    }

    private static async Task<List<string>> RuleRowsAsync(TestDatabase db, int version)
    {
        await using var context = db.Context();
        return await context.AttributionRules.Where(r => r.RuleSetVersion == version).OrderBy(r => r.Position)
            .Select(r => r.Id + "|" + r.Position + "|" + r.Target + "|" + r.Source + "|" + r.Key + "|" + r.Match + "|" + r.Assign)
            .ToListAsync();
    }
}
