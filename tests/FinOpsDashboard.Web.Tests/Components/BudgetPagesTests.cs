using System.Security.Claims;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure;
using FinOpsDashboard.Infrastructure.Budgets;
using FinOpsDashboard.Infrastructure.Jobs;
using FinOpsDashboard.Infrastructure.Tests;
using FinOpsDashboard.Web.Components.Pages.Admin.Budgets;
using FinOpsDashboard.Web.Components.Pages.Alerts;
using FinOpsDashboard.Web.Components.Pages.Budgets;
using FinOpsDashboard.Web.Security;
using FinOpsDashboard.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinOpsDashboard.Web.Tests.Components;

public sealed class BudgetPagesTests
{
    // Data through Friday 20 November 2026; support spends $100 a day, search $300.
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
    private static readonly Actor Admin = new("alice", Roles.Admin, []);
    private static readonly ClaimsPrincipal AdminUser = ComponentRenderer.SignedIn(1, "alice", Roles.Admin);
    private static readonly ClaimsPrincipal LeadUser = ComponentRenderer.SignedIn(2, "lee", Roles.FinOpsLead);
    private static readonly ClaimsPrincipal ManagerUser = ComponentRenderer.SignedIn(3, "sam", Roles.EngineeringManager, "support");

    /// <summary>Issue 7, acceptance 4 (page handler): a FinOps lead or manager reaching the admin page's handlers changes nothing.</summary>
    [Theory]
    [InlineData(Roles.FinOpsLead)]
    [InlineData(Roles.EngineeringManager)]
    public async Task AdminPageHandlers_ForANonAdmin_RefuseToCreateEditOrDelete(string role)
    {
        await using var db = await SeededAsync();
        var user = role == Roles.FinOpsLead ? LeadUser : ManagerUser;
        await using var services = Services(db, user);
        var existing = await services.GetRequiredService<BudgetService>().CreateAsync(SupportBudget(), Admin, CancellationToken.None);
        var editor = new BudgetEditor(services.GetRequiredService<BudgetService>(), services.GetRequiredService<CurrentUser>())
        {
            ScopeKind = BudgetScopeKinds.Team,
            ScopeValue = "search",
            Amount = 1000m,
        };

        Assert.Null(await editor.SaveAsync(CancellationToken.None));
        Assert.Contains("Only admins can create budgets", editor.Error);

        editor.Edit(existing);
        editor.Amount = 1m;
        Assert.Null(await editor.SaveAsync(CancellationToken.None));
        Assert.Contains("Only admins can change budgets", editor.Error);

        Assert.False(await editor.DeleteAsync(existing.Id, existing.Name, CancellationToken.None));
        Assert.Contains("Only admins can delete budgets", editor.Error);

        var stored = Assert.Single(await services.GetRequiredService<BudgetService>().ListAsync(CancellationToken.None));
        Assert.Equal(2400m, stored.Amount);
        Assert.Single(await services.GetRequiredService<BudgetService>().AuditTrailAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task AdminPageHandlers_ShowEachValidationMessageOnItsField_ThenCreate()
    {
        await using var db = await SeededAsync();
        await using var services = Services(db, AdminUser);
        var editor = new BudgetEditor(services.GetRequiredService<BudgetService>(), services.GetRequiredService<CurrentUser>())
        {
            ScopeKind = BudgetScopeKinds.Team,
            ScopeValue = "payments",
            Amount = -5m,
        };
        editor.Thresholds.Add(new EditableThreshold { Percent = 2000, Basis = ThresholdBases.Actual });

        Assert.Null(await editor.SaveAsync(CancellationToken.None));
        Assert.Contains("Unknown team 'payments'", Assert.Single(editor.ErrorsFor("scope")));
        Assert.Equal("Amount: must be more than $0.", Assert.Single(editor.ErrorsFor("amount")));
        Assert.Contains("Threshold 2000 %", Assert.Single(editor.ErrorsFor("thresholds")));

        editor.ScopeValue = "support";
        editor.Amount = 2400m;
        editor.Thresholds.RemoveAt(editor.Thresholds.Count - 1);
        var saved = await editor.SaveAsync(CancellationToken.None);

        Assert.NotNull(saved);
        Assert.False(editor.HasErrors);
        Assert.Equal("Created “Team support · monthly” and evaluated it.", editor.Notice);
        Assert.Null(editor.EditingId);
    }

    [Fact]
    public async Task BudgetsPage_ForAManager_ShowsOnlyTheirTeamsBudgets_WithBurnForecastAndDate()
    {
        await using var db = await SeededAsync();
        await using var services = Services(db, ManagerUser);
        var budgets = services.GetRequiredService<BudgetService>();
        var support = await budgets.CreateAsync(SupportBudget(), Admin, CancellationToken.None);
        var search = await budgets.CreateAsync(SupportBudget() with { Scope = BudgetScope.Team("search"), Amount = 9000m }, Admin, CancellationToken.None);
        var total = await budgets.CreateAsync(SupportBudget() with { Scope = BudgetScope.Total, Amount = 20000m }, Admin, CancellationToken.None);

        var doc = await ComponentRenderer.RenderAsync<Budgets>(services);

        var card = doc.ByTestId($"budget-{support.Id}");
        Assert.Null(doc.QuerySelector($"[data-testid='budget-{search.Id}']"));
        Assert.Null(doc.QuerySelector($"[data-testid='budget-{total.Id}']"));
        Assert.DoesNotContain("9,000", doc.Body!.TextContent);
        // $100 a day: $2,000 through the 20th, $3,000 for November, reaching $2,400 on the 24th.
        Assert.Equal("$2,000.00", card.QuerySelector("[data-testid='burn-actual']")!.TextContent);
        Assert.Equal("$3,000.00", card.QuerySelector("[data-testid='burn-forecast']")!.TextContent);
        Assert.Equal("Nov 24, 2026", card.QuerySelector("[data-testid='burn-exceed']")!.TextContent);
        Assert.Equal("projected over", card.QuerySelector("[data-testid='burn-status']")!.TextContent);
        Assert.Contains("run-rate $100.00/day", card.QuerySelector("[data-testid='burn-method']")!.TextContent);
        Assert.Contains("⚑ 80 % of actual", card.QuerySelector("[data-testid='threshold-80-actual']")!.TextContent);
        Assert.Contains("Showing the budgets of your teams only", doc.ByTestId("scope-note").TextContent);
    }

    [Fact]
    public async Task AdminBudgetsPage_ListsBudgetsWithTheirSyncError_AndTheAuditTrail()
    {
        await using var db = await SeededAsync();
        await using var services = Services(db, AdminUser);
        var budget = await services.GetRequiredService<BudgetService>().CreateAsync(SupportBudget() with { SyncToAws = true }, Admin, CancellationToken.None);
        await db.ExecuteAsync($"UPDATE budgets SET AwsSyncState = 'failed', AwsSyncError = 'AWS denied CreateBudget: grant budgets:ModifyBudget' WHERE Id = {budget.Id}");

        var doc = await ComponentRenderer.RenderAsync<BudgetsAdmin>(services);

        var row = doc.ByTestId($"budget-row-{budget.Id}");
        Assert.Contains("Team: support", row.TextContent);
        Assert.Contains("$2,400.00", row.TextContent);
        Assert.Equal("AWS denied CreateBudget: grant budgets:ModifyBudget", row.QuerySelector("[data-testid='sync-error']")!.TextContent);
        Assert.Contains("budget.created", doc.ByTestId("budget-audit").TextContent);
        Assert.NotNull(doc.ByTestId("budget-save"));
    }

    [Fact]
    public async Task AlertCentre_ShowsEachDeliveryWithItsAttemptsAndLastError()
    {
        await using var db = await SeededAsync();
        await using var services = Services(db, LeadUser, new Dictionary<string, string?> { ["Alerts:WebhookUrl"] = "http://127.0.0.1:9/hook" });
        await services.GetRequiredService<BudgetService>().CreateAsync(SupportBudget(), Admin, CancellationToken.None);
        await db.ExecuteAsync("UPDATE alert_deliveries SET Attempts = 2, LastError = 'the webhook answered HTTP 500 Internal Server Error'");
        // The forecast alert's delivery gave up: it alone offers a retry.
        await db.ExecuteAsync("UPDATE alert_deliveries SET Status = 'failed', Attempts = 6 WHERE AlertId = (SELECT Id FROM alerts WHERE Basis = 'forecast')");

        var doc = await ComponentRenderer.RenderAsync<Alerts>(services);

        // Two alerts (80 % of actual, 100 % of forecast), one webhook delivery each.
        var rows = doc.ByTestId("alerts-table").QuerySelectorAll("tbody tr");
        Assert.Equal(2, rows.Length);
        var alert = rows.Single(r => r.QuerySelector("[data-testid='alert-message']")!.TextContent.Contains("actual spend $2,000.00 reached 80 % of $2,400.00", StringComparison.Ordinal));
        Assert.Equal("webhook: pending", alert.QuerySelector("[data-testid='delivery-status']")!.TextContent);
        Assert.Contains("2 attempt(s)", alert.QuerySelector("[data-testid='delivery-attempts']")!.TextContent);
        Assert.Equal("Last error: the webhook answered HTTP 500 Internal Server Error", alert.QuerySelector("[data-testid='delivery-error']")!.TextContent);
        Assert.Null(alert.QuerySelector("[data-testid='delivery-retry']"));
        Assert.NotNull(alert.QuerySelector("[data-testid='acknowledge']"));
        var gaveUp = rows.Single(r => r != alert);
        Assert.Equal("webhook: failed", gaveUp.QuerySelector("[data-testid='delivery-status']")!.TextContent);
        Assert.Equal("gave up after 6 attempt(s)", gaveUp.QuerySelector("[data-testid='delivery-attempts']")!.TextContent);
        Assert.NotNull(gaveUp.QuerySelector("[data-testid='delivery-retry']"));
    }

    private static BudgetDraft SupportBudget() => new("", BudgetScope.Team("support"), BudgetPeriodKinds.Monthly, 2400m, [new(80, ThresholdBases.Actual), new(100, ThresholdBases.Forecast)]);

    private static ServiceProvider Services(TestDatabase db, ClaimsPrincipal user, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Database:Path"] = db.Path, ["Jobs:SchedulerEnabled"] = "false", ["Ingestion:Source"] = "demo" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection().AddComponentTestServices(user);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddInfrastructure();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IJobScheduler, NoScheduler>();
        return services.BuildServiceProvider();
    }

    private static async Task<TestDatabase> SeededAsync()
    {
        var db = await TestDatabase.MigratedAsync();
        await using var context = db.Context();
        for (var day = new DateOnly(2026, 10, 1); day <= new DateOnly(2026, 11, 20); day = day.AddDays(1))
        {
            context.CostFacts.Add(Fact(day, "support", 100m));
            context.CostFacts.Add(Fact(day, "search", 300m));
        }

        await context.SaveChangesAsync();
        await db.DeriveSpendRollupAsync(); // straight to the table: build the rollup the reports read, as ingestion does
        return db;
    }

    private static CostFact Fact(DateOnly day, string team, decimal cost) => new()
    {
        Date = day,
        AccountId = "111122223333",
        Region = "us-east-1",
        Service = "Amazon Bedrock",
        UsageType = "USE1-NovaPro-input-tokens",
        Model = "Nova Pro",
        PricingMode = "on-demand",
        TokenDirection = "input",
        Team = team,
        Feature = "f",
        TeamTag = team,
        Quantity = 1000,
        Unit = "tokens",
        UnblendedCost = cost,
        AmortizedCost = cost,
        Source = "demo",
    };

    private sealed class NoScheduler : IJobScheduler
    {
        public Task TriggerNowAsync(string jobName, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<DateTime?> NextFireTimeAsync(string jobName, CancellationToken cancellationToken) => Task.FromResult<DateTime?>(null);
    }
}
