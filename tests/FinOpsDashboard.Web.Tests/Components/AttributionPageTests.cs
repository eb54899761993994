using FinOpsDashboard.Domain.Attribution;
using FinOpsDashboard.Infrastructure.AttributionRules;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Web.Components.Pages.Admin.Attribution;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class AttributionPageTests
{
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 5, 21, 9, 30, 0, TimeSpan.Zero));
    private static readonly AttributionRule SearchRole = new("team", "principal", null, "arn:aws:iam::111122223333:role/search-*", "search");

    [Fact]
    public async Task AttributionPage_ShowsTheActiveRulesInPrecedenceOrder_AndEveryVersionWithWhoWhenNoteAndDiff()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await using var services = Services(db);
        var store = services.GetRequiredService<AttributionRuleStore>();
        var v1 = await store.ActiveAsync(CancellationToken.None);
        await store.SaveAsync([SearchRole, .. v1.RuleSet.Rules], "search indexer role", "alice", 1, CancellationToken.None);

        var doc = await ComponentRenderer.RenderAsync<Attribution>(services);

        Assert.StartsWith("Version 2", doc.ByTestId("active-version").TextContent.Trim());
        Assert.Contains("by alice", doc.ByTestId("active-version").TextContent);
        var rows = doc.ByTestId("rules-table").QuerySelectorAll("tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Take(6).Select(td => td.TextContent.Trim())))
            .ToList();
        Assert.Equal(
        [
            "1 | team | principal | — | arn:aws:iam::111122223333:role/search-* | search",
            "2 | team | tag | team | * | {value}",
            "3 | team | log-metadata | team | * | {value}",
            "4 | feature | tag | feature | * | {value}",
            "5 | feature | log-metadata | feature | * | {value}",
        ], rows);
        Assert.Contains("tags team and feature", doc.ByTestId("captured-keys").TextContent.Replace("  ", " ", StringComparison.Ordinal));

        var v2 = doc.ByTestId("version-2").TextContent;
        Assert.Contains("v2 (active)", v2);
        Assert.Contains("alice", v2);
        Assert.Contains("search indexer role", v2);
        Assert.Contains("Added #1 team: principal = arn:aws:iam::111122223333:role/search-* → search", v2);
        var first = doc.ByTestId("version-1").TextContent;
        Assert.Contains("system", first);
        Assert.Contains("Initial rules (4)", first);

        // Nothing edited yet: nothing to save, no pending list, no errors.
        Assert.NotNull(doc.ByTestId("save").GetAttribute("disabled"));
        Assert.Null(doc.QuerySelector("[data-testid='pending-changes']"));
        Assert.Null(doc.QuerySelector("[data-testid='validation-errors']"));
    }

    [Fact]
    public void Editor_MovesAddsAndDeletes_AndDescribesTheDraftAsTheHistoryWill()
    {
        var editor = new AttributionRulesEditor(AttributionRuleSet.Default(AttributionKeys.Default).Rules);

        editor.MoveUp(0);
        Assert.False(editor.IsChanged);
        editor.MoveDown(1);
        var added = editor.Add();
        (added.Source, added.Key, added.Match, added.Assign) = ("principal", "ignored", "arn:aws:iam::111122223333:role/search-*", "search");
        editor.MoveUp(4);
        editor.Remove(4);

        Assert.Equal(
        [
            "team: tag[team] = * → {value}",
            "feature: tag[feature] = * → {value}",
            "team: log-metadata[team] = * → {value}",
            "team: principal = arn:aws:iam::111122223333:role/search-* → search",
        ], editor.ToRules().Select(r => r.Describe()));
        Assert.Equal(
        [
            "Moved #2 → #3 team: log-metadata[team] = * → {value}",
            "Added #4 team: principal = arn:aws:iam::111122223333:role/search-* → search",
            "Removed #4 feature: log-metadata[feature] = * → {value}",
        ], editor.Changes.Select(c => c.Describe()));

        editor.Reset();
        Assert.False(editor.IsChanged);
    }

    private static ServiceProvider Services(TestDatabase db)
    {
        var services = new ServiceCollection().AddComponentTestServices();
        var factory = db.Factory();
        services.AddSingleton(factory);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(AttributionKeys.Default);
        services.AddSingleton<AttributionRuleStore>();
        services.AddSingleton<ReattributionService>();
        services.AddSingleton(Options.Create(new JobsOptions { SchedulerEnabled = false }));
        services.AddSingleton<JobMonitor>();
        services.AddSingleton<JobRunRecorder>();
        services.AddTransient<ReattributionJob>();
        return services.BuildServiceProvider();
    }
}
