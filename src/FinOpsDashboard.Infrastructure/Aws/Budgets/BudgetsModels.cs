using System.Text.Json.Serialization;
using FinOpsDashboard.Infrastructure.Aws.CostExplorer;

namespace FinOpsDashboard.Infrastructure.Aws.Budgets;

// Wire shapes of the AWS Budgets JSON 1.1 API (AWSBudgetServiceGateway). Property names are AWS's own; absent
// members are omitted. Timestamps are epoch seconds (numbers, possibly fractional).

/// <summary>An amount as AWS writes it: a decimal string and a unit ("USD").</summary>
public sealed record Spend(string Amount, string Unit);

public sealed record BudgetTimePeriod
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Start { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? End { get; init; }
}

public sealed record CalculatedSpend
{
    public Spend? ActualSpend { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Spend? ForecastedSpend { get; init; }
}

/// <summary>A cost budget. <see cref="FilterExpression"/> has Cost Explorer's Expression shape.</summary>
public sealed record AwsBudget
{
    public required string BudgetName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Spend? BudgetLimit { get; init; }

    /// <summary>DAILY | MONTHLY | QUARTERLY | ANNUALLY | CUSTOM.</summary>
    public required string TimeUnit { get; init; }

    /// <summary>COST for every budget this app makes.</summary>
    public required string BudgetType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BudgetTimePeriod? TimePeriod { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CalculatedSpend? CalculatedSpend { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Expression? FilterExpression { get; init; }

    /// <summary>One of UnblendedCost, AmortizedCost, ... (FilterExpression needs Metrics rather than CostTypes).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Metrics { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LastUpdatedTime { get; init; }
}

/// <summary>ACTUAL | FORECASTED, GREATER_THAN, Threshold 80 with ThresholdType PERCENTAGE = 80 % of the limit.</summary>
public sealed record BudgetNotification
{
    public required string NotificationType { get; init; }
    public required string ComparisonOperator { get; init; }
    public required double Threshold { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThresholdType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NotificationState { get; init; }

    /// <summary>Two notifications are the same when type, operator, threshold and threshold type match (AWS's identity).</summary>
    public bool SameAs(BudgetNotification other) =>
        NotificationType == other.NotificationType && ComparisonOperator == other.ComparisonOperator
        && Threshold.Equals(other.Threshold) && (ThresholdType ?? "PERCENTAGE") == (other.ThresholdType ?? "PERCENTAGE");
}

/// <summary>EMAIL (address) or SNS (topic ARN).</summary>
public sealed record BudgetSubscriber(string SubscriptionType, string Address);

public sealed record NotificationWithSubscribers(BudgetNotification Notification, IReadOnlyList<BudgetSubscriber> Subscribers);

public sealed record CreateBudgetRequest
{
    public required string AccountId { get; init; }
    public required AwsBudget Budget { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NotificationWithSubscribers>? NotificationsWithSubscribers { get; init; }
}

public sealed record UpdateBudgetRequest(string AccountId, AwsBudget NewBudget);

public sealed record DescribeBudgetRequest(string AccountId, string BudgetName);

public sealed record DescribeBudgetResponse(AwsBudget Budget);

public sealed record DescribeNotificationsForBudgetRequest
{
    public required string AccountId { get; init; }
    public required string BudgetName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxResults { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextToken { get; init; }
}

public sealed record DescribeNotificationsForBudgetResponse(IReadOnlyList<BudgetNotification>? Notifications, string? NextToken);

public sealed record CreateNotificationRequest(string AccountId, string BudgetName, BudgetNotification Notification, IReadOnlyList<BudgetSubscriber> Subscribers);

public sealed record DeleteNotificationRequest(string AccountId, string BudgetName, BudgetNotification Notification);

/// <summary>Budgets answers "{}" to writes.</summary>
public sealed record BudgetsEmptyResponse;

/// <summary>Cost Explorer's ListCostAllocationTags: is a tag key activated for cost allocation (else Budgets cannot filter on it).</summary>
public sealed record ListCostAllocationTagsRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TagKeys { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextToken { get; init; }
}

/// <summary>Status Active | Inactive; Type AWSGenerated | UserDefined.</summary>
public sealed record CostAllocationTag(string TagKey, string Type, string Status);

public sealed record ListCostAllocationTagsResponse(IReadOnlyList<CostAllocationTag>? CostAllocationTags, string? NextToken);

/// <summary>The AWS Budgets operations the sync needs.</summary>
public interface IBudgetsApi
{
    Task<DescribeBudgetResponse> DescribeBudgetAsync(DescribeBudgetRequest request, CancellationToken cancellationToken);

    Task CreateBudgetAsync(CreateBudgetRequest request, CancellationToken cancellationToken);

    Task UpdateBudgetAsync(UpdateBudgetRequest request, CancellationToken cancellationToken);

    Task<DescribeNotificationsForBudgetResponse> DescribeNotificationsForBudgetAsync(DescribeNotificationsForBudgetRequest request, CancellationToken cancellationToken);

    Task CreateNotificationAsync(CreateNotificationRequest request, CancellationToken cancellationToken);

    Task DeleteNotificationAsync(DeleteNotificationRequest request, CancellationToken cancellationToken);
}
