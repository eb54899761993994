using FinOpsDashboard.Domain;
using FinOpsDashboard.Domain.Budgets;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>The words of an alert: one line for the alert centre, email subject and body, Slack-compatible webhook JSON.</summary>
public static class AlertMessages
{
    /// <summary>
    /// "Budget "Team support · monthly" (team support, 2026-11): actual spend $2,012.34 reached 80 % of $2,500.00
    /// ($2,000.00) on 2026-11-20."
    /// </summary>
    public static string Line(string budgetName, BudgetScope scope, BudgetPeriod period, BudgetEvaluation evaluation, ThresholdStatus threshold)
    {
        var head = $"Budget \"{budgetName}\" ({scope.Describe()}, {period.Label}): ";
        var target = $"{threshold.Percent} % of {Money.Usd(evaluation.Amount)} ({Money.Usd(threshold.ThresholdAmount)})";
        var when = threshold.ReachedOn is { } day ? $" on {day:yyyy-MM-dd}" : "";
        return threshold.Basis == ThresholdBases.Actual
            ? head + $"actual spend {Money.Usd(evaluation.Actual)} reached {target}{when}."
            : head + $"forecast {Money.Usd(evaluation.ProjectedTotal)} for the period reaches {target}{(threshold.IsProjected ? $", projected{when}" : when)}.";
    }

    public static string Subject(BudgetAlert alert) =>
        $"[Bedrock FinOps] {alert.BudgetName}: {alert.ThresholdPercent} % of {ThresholdBases.Label(alert.Basis)} reached ({alert.PeriodKey})";

    /// <summary>Slack's incoming-webhook shape: "text" (also the notification fallback) plus one section block.</summary>
    public static object WebhookPayload(BudgetAlert alert, string? dashboardUrl)
    {
        var link = string.IsNullOrWhiteSpace(dashboardUrl) ? "" : $"\n<{dashboardUrl.TrimEnd('/')}/alerts|Open the alert centre>";
        return new
        {
            text = alert.Message,
            blocks = new object[]
            {
                new { type = "section", text = new { type = "mrkdwn", text = $":rotating_light: *{Escape(alert.BudgetName)}* — {alert.ThresholdPercent} % of {ThresholdBases.Label(alert.Basis)} ({alert.PeriodKey})\n{Escape(alert.Message)}{link}" } },
            },
        };
    }

    public static string EmailBody(BudgetAlert alert, string? dashboardUrl) =>
        alert.Message + "\n\n"
        + $"Budget: {alert.BudgetName} ({alert.Scope.Describe()})\n"
        + $"Period: {alert.PeriodKey}\n"
        + $"Threshold: {alert.ThresholdPercent} % of {ThresholdBases.Label(alert.Basis)} = {Money.Usd(alert.ThresholdAmount)} of {Money.Usd(alert.Amount)}\n"
        + $"Actual when raised: {Money.Usd(alert.ActualAtRaise)}; projected for the period: {Money.Usd(alert.ProjectedAtRaise)}\n"
        + (string.IsNullOrWhiteSpace(dashboardUrl) ? "" : $"\nAlert centre: {dashboardUrl.TrimEnd('/')}/alerts\n");

    // Slack mrkdwn treats these three as control characters.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
