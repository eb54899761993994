using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Aws.Budgets;

/// <summary>AWS Budgets over HTTPS (JSON 1.1, signed for budgets in us-east-1, Aws:Endpoints:Budgets overrides the host).</summary>
public sealed class BudgetsClient(AwsJsonClient json) : IBudgetsApi
{
    public Task<DescribeBudgetResponse> DescribeBudgetAsync(DescribeBudgetRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<DescribeBudgetRequest, DescribeBudgetResponse>("DescribeBudget", request, cancellationToken);

    public Task CreateBudgetAsync(CreateBudgetRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<CreateBudgetRequest, BudgetsEmptyResponse>("CreateBudget", request, cancellationToken);

    public Task UpdateBudgetAsync(UpdateBudgetRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<UpdateBudgetRequest, BudgetsEmptyResponse>("UpdateBudget", request, cancellationToken);

    public Task<DescribeNotificationsForBudgetResponse> DescribeNotificationsForBudgetAsync(DescribeNotificationsForBudgetRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<DescribeNotificationsForBudgetRequest, DescribeNotificationsForBudgetResponse>("DescribeNotificationsForBudget", request, cancellationToken);

    public Task CreateNotificationAsync(CreateNotificationRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<CreateNotificationRequest, BudgetsEmptyResponse>("CreateNotification", request, cancellationToken);

    public Task DeleteNotificationAsync(DeleteNotificationRequest request, CancellationToken cancellationToken) =>
        json.InvokeAsync<DeleteNotificationRequest, BudgetsEmptyResponse>("DeleteNotification", request, cancellationToken);
}
