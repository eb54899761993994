using System.Text.Json;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Budgets;
using FinOpsDashboard.Infrastructure.Tests.AwsApi;
using Microsoft.Extensions.DependencyInjection;
using static FinOpsDashboard.Infrastructure.Tests.Budgets.BudgetFacts;

namespace FinOpsDashboard.Infrastructure.Tests.Budgets;

/// <summary>Issue 7, acceptance 3: with sync on, AWS Budgets receives a correct CreateBudget then UpdateBudget; errors show on the budget.</summary>
public sealed class AwsBudgetSyncTests
{
    private const string Account = "111122223333";
    private static readonly DateTimeOffset Morning = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static BudgetDraft SupportBudget => new("Support monthly", BudgetScope.Team("support"), BudgetPeriodKinds.Monthly, 2500m,
        [new(80, ThresholdBases.Actual), new(100, ThresholdBases.Forecast)], SyncToAws: true);

    [Fact]
    public async Task SyncOn_CreatesTheAwsBudget_ThenUpdatesIt_FieldByField()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        var fake = FakeAwsBudgets.On(aws);
        await using var db = await SeededAsync();
        await using var host = Start(db, aws);
        var budgets = host.Get<BudgetService>();
        var sync = host.Get<AwsBudgetSyncService>();
        var budget = await budgets.CreateAsync(SupportBudget, Admin, CancellationToken.None);

        var first = await sync.SyncAsync(null, CancellationToken.None);

        Assert.Equal("1 AWS budget(s) in sync, 0 failed", first.Summary);
        var create = Assert.Single(aws.RequestsFor("CreateBudget"));
        Assert.Equal("AWSBudgetServiceGateway.CreateBudget", create.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", create.Header("Content-Type"));
        Assert.Equal(("budgets", "us-east-1"), (create.Authorization!.Service, create.Authorization.Region));
        using (var body = JsonDocument.Parse(create.Body))
        {
            var root = body.RootElement;
            Assert.Equal(Account, root.GetProperty("AccountId").GetString());
            var awsBudget = root.GetProperty("Budget");
            Assert.Equal($"bedrock-finops-{budget.Id}-team-support-monthly", awsBudget.GetProperty("BudgetName").GetString());
            Assert.Equal("COST", awsBudget.GetProperty("BudgetType").GetString());
            Assert.Equal("MONTHLY", awsBudget.GetProperty("TimeUnit").GetString());
            Assert.Equal("2500.00", awsBudget.GetProperty("BudgetLimit").GetProperty("Amount").GetString());
            Assert.Equal("USD", awsBudget.GetProperty("BudgetLimit").GetProperty("Unit").GetString());
            Assert.Equal(["UnblendedCost"], Strings(awsBudget.GetProperty("Metrics")));
            Assert.False(awsBudget.TryGetProperty("TimePeriod", out _), "AWS starts the budget at the current period");
            Assert.False(awsBudget.TryGetProperty("CostFilters", out _), "CostFilters is deprecated: FilterExpression only");
            var and = awsBudget.GetProperty("FilterExpression").GetProperty("And");
            Assert.Equal(2, and.GetArrayLength());
            var services = and[0].GetProperty("Dimensions");
            Assert.Equal("SERVICE", services.GetProperty("Key").GetString());
            Assert.Equal(["Amazon Bedrock", "Amazon Bedrock Service", "Claude Sonnet 4.6 (Amazon Bedrock Edition)"], Strings(services.GetProperty("Values")));
            Assert.Equal(["EQUALS"], Strings(services.GetProperty("MatchOptions")));
            var tag = and[1].GetProperty("Tags");
            Assert.Equal("user:team", tag.GetProperty("Key").GetString());
            Assert.Equal(["support"], Strings(tag.GetProperty("Values")));
            var notifications = root.GetProperty("NotificationsWithSubscribers");
            Assert.Equal(2, notifications.GetArrayLength());
            AssertNotification(notifications[0].GetProperty("Notification"), "ACTUAL", 80);
            AssertNotification(notifications[1].GetProperty("Notification"), "FORECASTED", 100);
            var subscriber = Assert.Single(notifications[0].GetProperty("Subscribers").EnumerateArray());
            Assert.Equal(("EMAIL", "finops@example.com"), (subscriber.GetProperty("SubscriptionType").GetString(), subscriber.GetProperty("Address").GetString()));
        }

        // AWS's own figures are read back and shown beside ours.
        var synced = Assert.Single(await host.Get<BudgetQuery>().ListAsync(AccessScope.Everything, null, CancellationToken.None)).Budget;
        Assert.Equal((AwsSyncStates.Synced, null, 1234.5m, 2890.12m), (synced.AwsSyncState, synced.AwsSyncError, synced.AwsActualSpend, synced.AwsForecastedSpend));
        Assert.Equal(Morning.UtcDateTime, synced.AwsSyncedAt);

        // Nothing changed: no write, only the read-back.
        await sync.SyncAsync(null, CancellationToken.None);
        Assert.Single(aws.RequestsFor("CreateBudget"));
        Assert.Empty(aws.RequestsFor("UpdateBudget"));

        // The admin raises the amount and swaps the forecast threshold: UpdateBudget, then the notifications follow.
        await budgets.UpdateAsync(budget.Id, SupportBudget with { Amount = 3000m, Thresholds = [new(80, ThresholdBases.Actual), new(90, ThresholdBases.Forecast)] }, Admin, CancellationToken.None);
        await sync.SyncAsync(null, CancellationToken.None);

        var update = Assert.Single(aws.RequestsFor("UpdateBudget"));
        using (var body = JsonDocument.Parse(update.Body))
        {
            var root = body.RootElement;
            Assert.Equal(Account, root.GetProperty("AccountId").GetString());
            var newBudget = root.GetProperty("NewBudget");
            Assert.Equal($"bedrock-finops-{budget.Id}-team-support-monthly", newBudget.GetProperty("BudgetName").GetString());
            Assert.Equal("3000.00", newBudget.GetProperty("BudgetLimit").GetProperty("Amount").GetString());
            Assert.Equal("MONTHLY", newBudget.GetProperty("TimeUnit").GetString());
            Assert.Equal("user:team", newBudget.GetProperty("FilterExpression").GetProperty("And")[1].GetProperty("Tags").GetProperty("Key").GetString());
        }

        AssertNotification(JsonDocument.Parse(Assert.Single(aws.RequestsFor("DeleteNotification")).Body).RootElement.GetProperty("Notification"), "FORECASTED", 100);
        using (var created = JsonDocument.Parse(Assert.Single(aws.RequestsFor("CreateNotification")).Body))
        {
            AssertNotification(created.RootElement.GetProperty("Notification"), "FORECASTED", 90);
            Assert.Equal("finops@example.com", created.RootElement.GetProperty("Subscribers")[0].GetProperty("Address").GetString());
        }

        var name = $"bedrock-finops-{budget.Id}-team-support-monthly";
        Assert.Equal("3000.00", fake.Budgets[name].BudgetLimit!.Amount);
        Assert.Equal([("ACTUAL", 80d), ("FORECASTED", 90d)], fake.NotificationsOf(name).Select(n => (n.NotificationType, n.Threshold)).Order());
        Assert.Equal(
            ["CreateBudget", "DescribeBudget", "DescribeBudget", "UpdateBudget", "DescribeNotificationsForBudget", "DeleteNotification", "CreateNotification", "DescribeBudget"],
            aws.Requests.Where(r => r.Service == "budgets").Select(r => r.Operation));
    }

    [Fact]
    public async Task AccessDenied_IsShownOnTheBudget_WithThePermissionToGrant_UntilASyncSucceeds()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        FakeAwsBudgets.On(aws);
        aws.Fail("CreateBudget", FakeFault.AccessDenied());
        await using var db = await SeededAsync();
        await using var host = Start(db, aws);
        await host.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None);
        var sync = host.Get<AwsBudgetSyncService>();

        var result = await sync.SyncAsync(null, CancellationToken.None);

        Assert.Equal(1, result.Failed);
        var view = Assert.Single(await host.Get<BudgetQuery>().ListAsync(AccessScope.Everything, null, CancellationToken.None));
        Assert.Equal(AwsSyncStates.Failed, view.Budget.AwsSyncState);
        Assert.Contains("AWS denied CreateBudget while creating the AWS budget: grant this app's identity budgets:ViewBudget and budgets:ModifyBudget", view.Budget.AwsSyncError);
        Assert.Contains("is not authorized to perform this operation", view.Budget.AwsSyncError);
        Assert.Null(view.Budget.AwsSyncedFingerprint);

        // Permission granted: the next sync creates it and clears the error.
        await sync.SyncAsync(null, CancellationToken.None);
        var fixedView = Assert.Single(await host.Get<BudgetQuery>().ListAsync(AccessScope.Everything, null, CancellationToken.None));
        Assert.Equal((AwsSyncStates.Synced, (string?)null), (fixedView.Budget.AwsSyncState, fixedView.Budget.AwsSyncError));
        Assert.Equal(2, aws.RequestsFor("CreateBudget").Count);
    }

    [Fact]
    public async Task ATagNotActivatedForCostAllocation_StopsTheSync_AndSaysHowToFixIt()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        var fake = FakeAwsBudgets.On(aws);
        fake.TagStatus["team"] = "Inactive";
        await using var db = await SeededAsync();
        await using var host = Start(db, aws);
        await host.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None);

        await host.Get<AwsBudgetSyncService>().SyncAsync(null, CancellationToken.None);

        Assert.Empty(aws.RequestsFor("CreateBudget"));
        var budget = Assert.Single(await host.Get<BudgetService>().ListAsync(CancellationToken.None));
        Assert.Equal(AwsSyncStates.Failed, budget.AwsSyncState);
        Assert.True(budget.AwsSyncError!.Contains("The tag 'team' is not activated as a cost allocation tag", StringComparison.Ordinal), budget.AwsSyncError);
        Assert.Contains("Billing › Cost allocation tags", budget.AwsSyncError);
    }

    [Fact]
    public async Task AnExistingAwsBudgetOfTheSameName_IsTakenOver_NotDuplicated()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        FakeAwsBudgets.On(aws);
        await using var db = await SeededAsync();
        await using var host = Start(db, aws);
        await host.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None);
        await host.Get<AwsBudgetSyncService>().SyncAsync(null, CancellationToken.None);
        // A lost answer: the budget exists in AWS, but the app does not know it synced.
        await db.ExecuteAsync("UPDATE budgets SET AwsSyncedFingerprint = NULL");

        await host.Get<AwsBudgetSyncService>().SyncAsync(null, CancellationToken.None);

        Assert.Equal(2, aws.RequestsFor("CreateBudget").Count);
        Assert.Single(aws.RequestsFor("UpdateBudget"));
        Assert.Equal(AwsSyncStates.Synced, Assert.Single(await host.Get<BudgetService>().ListAsync(CancellationToken.None)).AwsSyncState);
    }

    [Fact]
    public async Task InDemoMode_WithoutABudgetsEndpoint_NothingIsSent_AndTheBudgetSaysWhy()
    {
        await using var db = await SeededAsync();
        await using var host = BudgetTestHost.Start(db, new TestClock(Morning));
        await host.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None);

        var result = await host.Get<AwsBudgetSyncService>().SyncAsync(null, CancellationToken.None);

        Assert.Equal("skipped: demo mode (no AWS account configured)", result.Summary);
        var budget = Assert.Single(await host.Get<BudgetService>().ListAsync(CancellationToken.None));
        Assert.Equal(AwsSyncStates.Pending, budget.AwsSyncState);
        Assert.StartsWith("Demo mode", budget.AwsSyncError);
    }

    private static async Task<TestDatabase> SeededAsync()
    {
        var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-20", 100m);
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-20", 20m, model: "Claude Sonnet 4.6", service: "Claude Sonnet 4.6 (Amazon Bedrock Edition)");
        return db;
    }

    private static BudgetTestHost Start(TestDatabase db, FakeAwsServer aws)
    {
        // The fake checks signatures against its own clock: both sides share the test's.
        var clock = new TestClock(Morning);
        aws.Clock = clock;
        return BudgetTestHost.Start(db, clock, Settings(aws), services => services.AddSingleton<IAwsCredentialSource>(new StaticAwsCredentialSource(FakeAwsServer.Credentials)));
    }

    private static Dictionary<string, string?> Settings(FakeAwsServer aws) => new()
    {
        ["Ingestion:Source"] = "aws",
        ["Aws:Accounts:0:AccountId"] = Account,
        ["Aws:Region"] = "us-east-1",
        ["Aws:MaxAttempts"] = "2",
        ["Aws:BaseRetryDelayMilliseconds"] = "1",
        ["Aws:Endpoints:Budgets"] = aws.BaseUri.AbsoluteUri,
        ["Aws:Endpoints:CostExplorer"] = aws.BaseUri.AbsoluteUri,
        ["Budgets:AwsSubscribers:0:Type"] = "EMAIL",
        ["Budgets:AwsSubscribers:0:Address"] = "finops@example.com",
    };

    private static void AssertNotification(JsonElement notification, string type, double threshold)
    {
        Assert.Equal(type, notification.GetProperty("NotificationType").GetString());
        Assert.Equal("GREATER_THAN", notification.GetProperty("ComparisonOperator").GetString());
        Assert.Equal(threshold, notification.GetProperty("Threshold").GetDouble());
        Assert.Equal("PERCENTAGE", notification.GetProperty("ThresholdType").GetString());
    }

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
}
