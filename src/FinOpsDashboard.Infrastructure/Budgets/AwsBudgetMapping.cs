using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Infrastructure.Aws.Budgets;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>
/// What the filter of an AWS budget is built from: the Bedrock SERVICE values and (model and pricing-mode scopes)
/// the USAGE_TYPE values seen in the stored bill, the cost-allocation tag keys, and the linked accounts when
/// several are read.
/// </summary>
public sealed record AwsBudgetFilterFacts(
    IReadOnlyList<string> Services,
    IReadOnlyList<string> UsageTypes,
    string TeamTagKey,
    string FeatureTagKey,
    IReadOnlyList<string> LinkedAccounts);

/// <summary>The AWS budget and notifications one of our budgets maps to.</summary>
public sealed record AwsBudgetSpec(AwsBudget Budget, IReadOnlyList<NotificationWithSubscribers> Notifications)
{
    /// <summary>Changes whenever anything sent to AWS would change: a different value means UpdateBudget is due.</summary>
    public string Fingerprint => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { Budget, Notifications }))));
}

/// <summary>Our budget → AWS Budgets: pure, so the wire fields can be checked one by one in tests.</summary>
public static class AwsBudgetMapping
{
    /// <summary>The services Bedrock bills under even before any appears in the stored bill (aws-apis.md: three families).</summary>
    public static readonly IReadOnlyList<string> BaseBedrockServices = ["Amazon Bedrock", "Amazon Bedrock Service"];

    public const int MaxNameLength = 100;

    /// <summary>"bedrock-finops-7-team-support-monthly": unique per budget id, without the ':' and '\' AWS refuses.</summary>
    public static string NameFor(string prefix, Budget budget)
    {
        var scope = budget.ScopeValue is null ? budget.ScopeKind : $"{budget.ScopeKind}-{budget.ScopeValue}";
        var raw = $"{prefix}-{budget.Id.ToString(CultureInfo.InvariantCulture)}-{scope}-{budget.Period}";
        var cleaned = new string(raw.Select(c => c is ':' or '\\' || char.IsWhiteSpace(c) ? '-' : c).ToArray());
        return cleaned.Length <= MaxNameLength ? cleaned : cleaned[..MaxNameLength];
    }

    public static string TimeUnitOf(string period) => period switch
    {
        BudgetPeriodKinds.Monthly => "MONTHLY",
        BudgetPeriodKinds.Quarterly => "QUARTERLY",
        BudgetPeriodKinds.Annual => "ANNUALLY",
        _ => throw new ArgumentException($"Unknown period '{period}'.", nameof(period)),
    };

    /// <summary>
    /// A COST budget on unblended cost, limit = our amount, filtered to the Bedrock services and the budget's scope:
    /// the cost-allocation tag (user:team / user:feature, tag value as is) for team and feature budgets, the usage types
    /// of the model or pricing mode otherwise. No TimePeriod: AWS starts it at the current period and never ends it.
    /// </summary>
    public static AwsBudgetSpec Map(Budget budget, string awsName, AwsBudgetFilterFacts facts, IReadOnlyList<BudgetSubscriber> subscribers)
    {
        var parts = new List<Expression>
        {
            new() { Dimensions = new DimensionValues("SERVICE", facts.Services, ["EQUALS"]) },
        };
        switch (budget.ScopeKind)
        {
            case BudgetScopeKinds.Team:
                parts.Add(new Expression { Tags = new TagValues("user:" + facts.TeamTagKey, [budget.ScopeValue!], ["EQUALS"]) });
                break;
            case BudgetScopeKinds.Feature:
                parts.Add(new Expression { Tags = new TagValues("user:" + facts.FeatureTagKey, [budget.ScopeValue!], ["EQUALS"]) });
                break;
            case BudgetScopeKinds.Model:
            case BudgetScopeKinds.PricingMode:
                parts.Add(new Expression { Dimensions = new DimensionValues("USAGE_TYPE", facts.UsageTypes, ["EQUALS"]) });
                break;
        }

        if (facts.LinkedAccounts.Count > 1)
        {
            parts.Add(new Expression { Dimensions = new DimensionValues("LINKED_ACCOUNT", facts.LinkedAccounts, ["EQUALS"]) });
        }

        var awsBudget = new AwsBudget
        {
            BudgetName = awsName,
            BudgetType = "COST",
            TimeUnit = TimeUnitOf(budget.Period),
            BudgetLimit = new Spend(budget.Amount.ToString("0.00", CultureInfo.InvariantCulture), "USD"),
            FilterExpression = parts.Count == 1 ? parts[0] : new Expression { And = parts },
            Metrics = ["UnblendedCost"],
        };

        // AWS needs at least one subscriber per notification: without any configured, AWS is told about no thresholds.
        var notifications = subscribers.Count == 0
            ? []
            : budget.ThresholdRules.Select(t => new NotificationWithSubscribers(NotificationOf(t), subscribers)).ToList();
        return new AwsBudgetSpec(awsBudget, notifications);
    }

    public static BudgetNotification NotificationOf(ThresholdRule threshold) => new()
    {
        NotificationType = threshold.Basis == ThresholdBases.Forecast ? "FORECASTED" : "ACTUAL",
        ComparisonOperator = "GREATER_THAN",
        Threshold = threshold.Percent,
        ThresholdType = "PERCENTAGE",
    };

    /// <summary>AWS amounts are decimal strings; a missing or unreadable one is null (shown as "not available").</summary>
    public static decimal? Amount(Spend? spend) =>
        spend is not null && decimal.TryParse(spend.Amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
}
