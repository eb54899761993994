using System.Text.Json;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Budgets;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using static FinOpsDashboard.Infrastructure.Tests.Budgets.BudgetFacts;

namespace FinOpsDashboard.Infrastructure.Tests.Budgets;

public sealed class BudgetServiceTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static BudgetDraft Draft => new("", BudgetScope.Team("support"), BudgetPeriodKinds.Monthly, 5000m, BudgetDraft.DefaultThresholds);

    /// <summary>Issue 7, acceptance 4: the service itself refuses non-admins, whatever the page showed.</summary>
    [Fact]
    public async Task NonAdmins_CannotCreateEditOrDeleteBudgets_AndNothingChanges()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-11-01", "2026-11-20", 100m);
        await using var host = BudgetTestHost.Start(db, new TestClock(Morning));
        var budgets = host.Get<BudgetService>();
        var existing = await budgets.CreateAsync(Draft, Admin, CancellationToken.None);
        var auditBefore = await db.ScalarAsync("SELECT count(*) FROM audit_entries");

        foreach (var actor in new[] { Lead, SupportManager })
        {
            var create = await Assert.ThrowsAsync<PermissionDeniedException>(() => budgets.CreateAsync(Draft with { Period = BudgetPeriodKinds.Annual }, actor, CancellationToken.None));
            Assert.Contains("Only admins can create budgets", create.Message);
            await Assert.ThrowsAsync<PermissionDeniedException>(() => budgets.UpdateAsync(existing.Id, Draft with { Amount = 1m }, actor, CancellationToken.None));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => budgets.DeleteAsync(existing.Id, actor, CancellationToken.None));
        }

        var stored = Assert.Single(await budgets.ListAsync(CancellationToken.None));
        Assert.Equal(5000m, stored.Amount);
        Assert.Equal(auditBefore, await db.ScalarAsync("SELECT count(*) FROM audit_entries"));
    }

    [Fact]
    public async Task EveryChange_IsAudited_WithWhoWhenBeforeAndAfter()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-11-01", "2026-11-20", 100m);
        var clock = new TestClock(Morning);
        await using var host = BudgetTestHost.Start(db, clock);
        var budgets = host.Get<BudgetService>();

        var created = await budgets.CreateAsync(Draft, Admin, CancellationToken.None);
        clock.Now = Morning.AddMinutes(5);
        await budgets.UpdateAsync(created.Id, Draft with { Amount = 1500m, Thresholds = [new(90, ThresholdBases.Forecast)] }, Admin, CancellationToken.None);
        clock.Now = Morning.AddMinutes(10);
        await budgets.DeleteAsync(created.Id, Admin, CancellationToken.None);

        var trail = (await budgets.AuditTrailAsync(10, CancellationToken.None)).Reverse().ToList();
        Assert.Equal(["budget.created", "budget.updated", "budget.deleted"], trail.Select(a => a.Action));
        Assert.All(trail, a => Assert.Equal(("alice", created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (a.Actor, a.EntityId)));
        Assert.Equal([Morning.UtcDateTime, Morning.UtcDateTime.AddMinutes(5), Morning.UtcDateTime.AddMinutes(10)], trail.Select(a => a.At));
        Assert.Null(trail[0].Before);
        Assert.Equal("Team support · monthly", Json(trail[0].After).GetProperty("Name").GetString());
        Assert.Equal("5000.00", Json(trail[1].Before).GetProperty("AmountUsd").GetString());
        Assert.Equal("1500.00", Json(trail[1].After).GetProperty("AmountUsd").GetString());
        Assert.Equal("90% forecast", Json(trail[1].After).GetProperty("Thresholds")[0].GetString());
        Assert.Equal("1500.00", Json(trail[2].Before).GetProperty("AmountUsd").GetString());
        Assert.Null(trail[2].After);

        // The amount fell below the spend: the alerts it raised outlive the deleted budget.
        await using var context = db.Context();
        Assert.Empty(context.Budgets);
        Assert.Empty(context.BudgetEvaluations);
        Assert.NotEmpty(context.Alerts);
        Assert.All(context.Alerts, a => Assert.Null(a.BudgetId));
    }

    [Fact]
    public async Task UnknownTeams_AndDuplicates_AreRefused_WithAMessageForTheField()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-11-01", "2026-11-20", 100m);
        await using var host = BudgetTestHost.Start(db, new TestClock(Morning));
        var budgets = host.Get<BudgetService>();
        await budgets.CreateAsync(Draft, Admin, CancellationToken.None);

        var unknown = await Assert.ThrowsAsync<BudgetValidationException>(() => budgets.CreateAsync(Draft with { Scope = BudgetScope.Team("payments") }, Admin, CancellationToken.None));
        var duplicate = await Assert.ThrowsAsync<BudgetValidationException>(() => budgets.CreateAsync(Draft with { Amount = 10m }, Admin, CancellationToken.None));
        var absurd = await Assert.ThrowsAsync<BudgetValidationException>(() => budgets.CreateAsync(Draft with { Period = BudgetPeriodKinds.Annual, Amount = 1e9m }, Admin, CancellationToken.None));

        Assert.Equal(("scope", "Unknown team 'payments' (known: support)."), (unknown.Errors[0].Field, unknown.Errors[0].Message));
        Assert.Contains("A monthly budget for team support already exists", Assert.Single(duplicate.Errors).Message);
        Assert.Equal("amount", Assert.Single(absurd.Errors).Field);
        Assert.Single(await budgets.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ABudgetCreatedMidMonth_IsEvaluatedOverTheWholeMonth_AtOnce()
    {
        await using var db = await TestDatabase.MigratedAsync();
        // Spend from 1 November; the budget is created on the 15th (data through the 14th).
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-14", 100m);
        await using var host = BudgetTestHost.Start(db, new TestClock(new DateTimeOffset(2026, 11, 15, 8, 0, 0, TimeSpan.Zero)));

        var budget = await host.Get<BudgetService>().CreateAsync(Draft with { Amount = 2500m }, Admin, CancellationToken.None);

        var view = Assert.Single(await host.Get<BudgetQuery>().ListAsync(AccessScope.Everything, "support", CancellationToken.None));
        var evaluation = view.Evaluation!;
        Assert.Equal(budget.Id, view.Budget.Id);
        Assert.Equal(("2026-11", Day("2026-11-14")), (evaluation.PeriodKey, evaluation.DataThrough));
        Assert.Equal(1400m, evaluation.Actual);
        Assert.Equal(1600m, evaluation.Forecast);
        Assert.Equal(3000m, evaluation.ProjectedTotal);
        Assert.Equal(Day("2026-11-25"), evaluation.ProjectedExceedDate);
        Assert.Contains("run-rate $100.00/day", evaluation.Method);
        Assert.Equal(30, view.Days().Count);
        Assert.True(view.Thresholds.Single(t => t is { Percent: 50, Basis: ThresholdBases.Actual }).Crossed);
    }

    [Fact]
    public async Task IngestionLagging_CountsOnlyIngestedDaysAsActual_AndForecastsTheRest()
    {
        await using var db = await TestDatabase.MigratedAsync();
        // It is the 21st, but the bill is only in through the 17th: the 18th–20th are forecast, not $0.
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-17", 100m);
        await using var host = BudgetTestHost.Start(db, new TestClock(Morning));

        await host.Get<BudgetService>().CreateAsync(Draft, Admin, CancellationToken.None);

        await using var context = db.Context();
        var evaluation = await context.BudgetEvaluations.SingleAsync();
        Assert.Equal(Day("2026-11-17"), evaluation.DataThrough);
        Assert.Equal((1700m, 1300m), (evaluation.Actual, evaluation.Forecast));
    }

    [Fact]
    public async Task BudgetsOfOtherTeams_AndOrganisationWideOnes_AreHiddenFromManagers()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-11-01", "2026-11-20", 100m);
        await SeedDailyAsync(db, "search", "2026-11-01", "2026-11-20", 100m, model: "Claude Sonnet 4.6");
        await using var host = BudgetTestHost.Start(db, new TestClock(Morning));
        var budgets = host.Get<BudgetService>();
        await budgets.CreateAsync(Draft, Admin, CancellationToken.None);
        await budgets.CreateAsync(Draft with { Scope = BudgetScope.Team("search") }, Admin, CancellationToken.None);
        await budgets.CreateAsync(Draft with { Scope = BudgetScope.Total }, Admin, CancellationToken.None);
        await budgets.CreateAsync(Draft with { Scope = new BudgetScope(BudgetScopeKinds.Model, "Nova Pro") }, Admin, CancellationToken.None);
        var query = host.Get<BudgetQuery>();

        var manager = await query.ListAsync(SupportManager.Scope, null, CancellationToken.None);
        var lead = await query.ListAsync(Lead.Scope, null, CancellationToken.None);

        Assert.Equal(["Team support · monthly"], manager.Select(v => v.Budget.Name));
        Assert.Equal(4, lead.Count);
        Assert.Empty(await query.ListAsync(SupportManager.Scope, "search", CancellationToken.None));
        Assert.Equal(4000m, lead.Single(v => v.Budget.ScopeKind == BudgetScopeKinds.Total).Evaluation!.Actual);
        Assert.Equal(2000m, lead.Single(v => v.Budget.ScopeKind == BudgetScopeKinds.Model).Evaluation!.Actual);
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text!).RootElement;
}
