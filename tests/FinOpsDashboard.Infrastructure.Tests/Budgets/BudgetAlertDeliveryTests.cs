using System.Text.Json;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Facts;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Infrastructure.Analytics;
using FinOpsDashboard.Infrastructure.Budgets;
using FinOpsDashboard.Infrastructure.Ingestion;
using FinOpsDashboard.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using static FinOpsDashboard.Infrastructure.Tests.Budgets.BudgetFacts;

namespace FinOpsDashboard.Infrastructure.Tests.Budgets;

/// <summary>Issue 7, acceptance 2: crossing 80 % raises one alert, delivered to the webhook once, across re-runs and restarts.</summary>
public sealed class BudgetAlertDeliveryTests
{
    // The morning of Saturday 21 November 2026: data through Friday the 20th.
    private static readonly DateTimeOffset Morning = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static BudgetDraft SupportBudget => new("Support monthly", BudgetScope.Team("support"), BudgetPeriodKinds.Monthly, 2400m,
        [new(80, ThresholdBases.Actual), new(100, ThresholdBases.Actual)]);

    [Fact]
    public async Task Crossing80Percent_RaisesOneAlert_DeliveredToTheWebhookOnce_AcrossReRunsAndARestart()
    {
        await using var db = await TestDatabase.MigratedAsync();
        // $100 a day: $2,000 through the 20th is 83 % of $2,400 (80 % = $1,920 reached on the 20th); 100 % is not reached.
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-20", 100m);
        await SeedDailyAsync(db, "search", "2026-10-01", "2026-11-20", 500m);
        await using var webhook = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?> { ["Alerts:WebhookUrl"] = webhook.Url, ["Alerts:RetryBaseDelaySeconds"] = "60" };
        var clock = new TestClock(Morning);

        long budgetId;
        await using (var first = BudgetTestHost.Start(db, clock, settings))
        {
            budgetId = (await first.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None)).Id;
            var runner = first.Get<AnalyticsRunner>();
            await runner.RunAsync(NullJobProgress.Instance, CancellationToken.None);
            await runner.RunAsync(NullJobProgress.Instance, CancellationToken.None);

            // The webhook fails the first time: the attempt is counted, the error kept, the run shows as failed.
            webhook.AnswerNext(500);
            var failedRun = await first.Get<AlertDeliveryJob>().RunTrackedAsync("cli", 1, null, CancellationToken.None);
            Assert.Equal(JobRunStatus.Failed, failedRun.Status);
            Assert.Contains("the webhook answered HTTP 500", failedRun.Error);
            Assert.DoesNotContain("secret-token", failedRun.Error);
        }

        await using (var context = db.Context())
        {
            var alert = Assert.Single(context.Alerts.Include(a => a.Deliveries));
            Assert.Equal((budgetId, "2026-11", 80, ThresholdBases.Actual), (alert.BudgetId!.Value, alert.PeriodKey, alert.ThresholdPercent, alert.Basis));
            Assert.Equal((1920m, 2000m, Day("2026-11-20")), (alert.ThresholdAmount, alert.ActualAtRaise, alert.ReachedOn!.Value));
            var delivery = Assert.Single(alert.Deliveries);
            Assert.Equal((AlertChannels.Webhook, DeliveryStatuses.Pending, 1), (delivery.Channel, delivery.Status, delivery.Attempts));
            Assert.Contains("HTTP 500", delivery.LastError);
            Assert.Equal(Morning.UtcDateTime.AddSeconds(60), delivery.NextAttemptAt);
        }

        // Restart: a new container over the same file, two minutes later; evaluation runs again, then delivery.
        clock.Now = Morning.AddMinutes(2);
        await using (var second = BudgetTestHost.Start(db, clock, settings))
        {
            await second.Get<AnalyticsRunner>().RunAsync(NullJobProgress.Instance, CancellationToken.None);
            var sentRun = await second.Get<AlertDeliveryJob>().RunTrackedAsync("cli", 1, null, CancellationToken.None);
            Assert.Equal(JobRunStatus.Succeeded, sentRun.Status);
            Assert.Equal("1 sent, 0 failed", sentRun.Message);

            // Further runs find nothing to send and raise nothing new.
            await second.Get<AnalyticsRunner>().RunAsync(NullJobProgress.Instance, CancellationToken.None);
            Assert.Equal("nothing due", (await second.Get<AlertDeliveryService>().DeliverDueAsync(CancellationToken.None)).Summary);
        }

        Assert.Equal([500, 200], webhook.Received.Select(r => r.Status));
        using (var payload = JsonDocument.Parse(webhook.Received[1].Body))
        {
            var text = payload.RootElement.GetProperty("text").GetString()!;
            Assert.Contains("Budget \"Support monthly\" (team support, November 2026): actual spend $2,000.00 reached 80 % of $2,400.00 ($1,920.00) on 2026-11-20.", text);
            Assert.Equal("section", payload.RootElement.GetProperty("blocks")[0].GetProperty("type").GetString());
        }

        await using (var context = db.Context())
        {
            var delivery = Assert.Single(context.AlertDeliveries);
            Assert.Equal((DeliveryStatuses.Sent, 2), (delivery.Status, delivery.Attempts));
            Assert.Equal(Morning.UtcDateTime.AddMinutes(2), delivery.SentAt);
            Assert.Contains("HTTP 500", delivery.LastError);
            Assert.Equal(1, await context.Alerts.CountAsync());
            Assert.Equal(1, await context.BudgetEvaluations.CountAsync());
        }
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailing_GivesUp_StaysVisible_AndCanBeRetriedByHand()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-20", 100m);
        await using var webhook = await WebhookReceiver.StartAsync();
        var clock = new TestClock(Morning);
        await using var host = BudgetTestHost.Start(db, clock, new Dictionary<string, string?>
        {
            ["Alerts:WebhookUrl"] = webhook.Url,
            ["Alerts:MaxDeliveryAttempts"] = "2",
            ["Alerts:RetryBaseDelaySeconds"] = "30",
        });
        await host.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None);
        var deliveries = host.Get<AlertDeliveryService>();

        webhook.AnswerNext(503, 503);
        Assert.Equal(1, (await deliveries.DeliverDueAsync(CancellationToken.None)).Failed);
        Assert.Equal("nothing due", (await deliveries.DeliverDueAsync(CancellationToken.None)).Summary);
        clock.Now = Morning.AddSeconds(31);
        var last = await deliveries.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(1, last.GaveUp);
        clock.Now = Morning.AddHours(5);
        Assert.Equal("nothing due", (await deliveries.DeliverDueAsync(CancellationToken.None)).Summary);

        var centre = host.Get<AlertCentre>();
        var shown = Assert.Single(await centre.ListAsync(AccessScope.Everything, null, 10, CancellationToken.None));
        var failed = Assert.Single(shown.Deliveries);
        Assert.Equal((DeliveryStatuses.Failed, 2), (failed.Status, failed.Attempts));
        Assert.Contains("HTTP 503", failed.LastError);

        // Managers see the alert (their team's) but cannot retry; a FinOps lead can, and it is audited.
        await Assert.ThrowsAsync<PermissionDeniedException>(() => centre.RetryDeliveryAsync(failed.Id, SupportManager, CancellationToken.None));
        await centre.RetryDeliveryAsync(failed.Id, Lead, CancellationToken.None);
        Assert.Equal(1, (await deliveries.DeliverDueAsync(CancellationToken.None)).Sent);
        Assert.Equal([503, 503, 200], webhook.Received.Select(r => r.Status));
        await using var context = db.Context();
        Assert.Equal(DeliveryStatuses.Sent, (await context.AlertDeliveries.SingleAsync()).Status);
        Assert.Single(context.AuditEntries.Where(a => a.Action == "alert.delivery-retried" && a.Actor == "lee"));
    }

    [Fact]
    public async Task EmailDelivery_SendsOverSmtp_RetryingARefusedMessage()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-20", 100m);
        await using var smtp = new FakeSmtpServer();
        var clock = new TestClock(Morning);
        await using var host = BudgetTestHost.Start(db, clock, new Dictionary<string, string?>
        {
            ["Alerts:Email:Host"] = "127.0.0.1",
            ["Alerts:Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Alerts:Email:EnableSsl"] = "false",
            ["Alerts:Email:From"] = "finops@example.com",
            ["Alerts:Email:To:0"] = "support-lead@example.com",
            ["Alerts:DashboardUrl"] = "https://finops.example.com",
        });
        await host.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None);
        var deliveries = host.Get<AlertDeliveryService>();

        smtp.RejectNext();
        var refused = await deliveries.DeliverDueAsync(CancellationToken.None);
        clock.Now = Morning.AddMinutes(2);
        var sent = await deliveries.DeliverDueAsync(CancellationToken.None);

        Assert.Contains("the mail server refused or failed", Assert.Single(refused.Errors));
        Assert.Equal(1, sent.Sent);
        var message = Assert.Single(smtp.Messages);
        Assert.Equal("<finops@example.com>", message.From);
        Assert.Equal(["<support-lead@example.com>"], message.To);
        Assert.Contains("Subject: [Bedrock FinOps] Support monthly: 80 % of actual reached (2026-11)", message.Data);
        Assert.Contains("https://finops.example.com/alerts", message.Data);
        await using var context = db.Context();
        var delivery = await context.AlertDeliveries.SingleAsync();
        Assert.Equal((AlertChannels.Email, DeliveryStatuses.Sent, 2), (delivery.Channel, delivery.Status, delivery.Attempts));
    }

    [Fact]
    public async Task WithNoChannelConfigured_AlertsStayInApp_AndNothingIsQueued()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-20", 100m);
        await using var host = BudgetTestHost.Start(db, new TestClock(Morning));

        await host.Get<BudgetService>().CreateAsync(SupportBudget, Admin, CancellationToken.None);

        await using var context = db.Context();
        Assert.Equal(1, await context.Alerts.CountAsync());
        Assert.Equal(0, await context.AlertDeliveries.CountAsync());
        Assert.False(await host.Get<AlertDeliveryService>().HasDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AManager_SeesAndAcknowledgesOnlyTheirTeamsAlerts()
    {
        await using var db = await TestDatabase.MigratedAsync();
        await SeedDailyAsync(db, "support", "2026-10-01", "2026-11-20", 100m);
        await SeedDailyAsync(db, "search", "2026-10-01", "2026-11-20", 100m);
        await using var host = BudgetTestHost.Start(db, new TestClock(Morning));
        var budgets = host.Get<BudgetService>();
        await budgets.CreateAsync(SupportBudget, Admin, CancellationToken.None);
        await budgets.CreateAsync(SupportBudget with { Name = "Search monthly", Scope = BudgetScope.Team("search") }, Admin, CancellationToken.None);
        await budgets.CreateAsync(SupportBudget with { Name = "Everything", Scope = BudgetScope.Total, Amount = 4500m }, Admin, CancellationToken.None);
        var centre = host.Get<AlertCentre>();

        var mine = await centre.ListAsync(SupportManager.Scope, null, 10, CancellationToken.None);
        var all = await centre.ListAsync(AccessScope.Everything, null, 10, CancellationToken.None);

        Assert.Equal(["Support monthly"], mine.Select(a => a.BudgetName));
        Assert.Equal(3, all.Count);
        Assert.Equal(1, await centre.NewCountAsync(SupportManager.Scope, CancellationToken.None));
        var other = all.Single(a => a.BudgetName == "Search monthly");
        await Assert.ThrowsAsync<PermissionDeniedException>(() => centre.AcknowledgeAsync(other.Id, SupportManager, CancellationToken.None));
        await centre.AcknowledgeAsync(mine[0].Id, SupportManager, CancellationToken.None);
        Assert.Equal(0, await centre.NewCountAsync(SupportManager.Scope, CancellationToken.None));
        var acknowledged = Assert.Single(await centre.ListAsync(AccessScope.Everything, AlertStates.Acknowledged, 10, CancellationToken.None));
        Assert.Equal(("sam", Morning.UtcDateTime), (acknowledged.AcknowledgedBy, acknowledged.AcknowledgedAt!.Value));
    }
}
