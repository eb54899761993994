using System.Collections.Concurrent;
using System.Text.Json;
using FinOpsDashboard.Infrastructure.Aws.Budgets;
using FinOpsDashboard.Infrastructure.Aws.Http;
using FinOpsDashboard.Infrastructure.Tests.AwsApi;

namespace FinOpsDashboard.Infrastructure.Tests.Budgets;

/// <summary>
/// AWS Budgets (and Cost Explorer's ListCostAllocationTags) on the fake AWS server: budgets and notifications kept in
/// memory, errors as AWS spells them (NotFoundException, DuplicateRecordException), CalculatedSpend on DescribeBudget.
/// </summary>
internal sealed class FakeAwsBudgets
{
    private readonly ConcurrentDictionary<string, AwsBudget> _budgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<BudgetNotification>> _notifications = new(StringComparer.Ordinal);

    public Spend ActualSpend { get; set; } = new("1234.5", "USD");
    public Spend? ForecastedSpend { get; set; } = new("2890.12", "USD");

    /// <summary>Cost allocation tag statuses ListCostAllocationTags reports (absent key = unknown to Billing).</summary>
    public Dictionary<string, string> TagStatus { get; } = new(StringComparer.Ordinal) { ["team"] = "Active", ["feature"] = "Active" };

    public IReadOnlyDictionary<string, AwsBudget> Budgets => _budgets;

    public IReadOnlyList<BudgetNotification> NotificationsOf(string name) => _notifications.TryGetValue(name, out var list) ? list : [];

    public static FakeAwsBudgets On(FakeAwsServer server)
    {
        var fake = new FakeAwsBudgets();
        var budgets = AwsServices.Budgets;
        var protocol = AwsJsonProtocol.Budgets;
        server.MapTarget(budgets, protocol, "CreateBudget", (r, _) =>
        {
            var request = r.BodyAs<CreateBudgetRequest>();
            if (!fake._budgets.TryAdd(request.Budget.BudgetName, request.Budget))
            {
                return Task.FromResult(Error("DuplicateRecordException", $"Error creating budget: {request.Budget.BudgetName} - the budget already exists."));
            }

            fake._notifications[request.Budget.BudgetName] = (request.NotificationsWithSubscribers ?? []).Select(n => n.Notification).ToList();
            return Task.FromResult(Ok(new { }));
        });
        server.MapTarget(budgets, protocol, "UpdateBudget", (r, _) =>
        {
            var request = r.BodyAs<UpdateBudgetRequest>();
            if (!fake._budgets.ContainsKey(request.NewBudget.BudgetName))
            {
                return Task.FromResult(Error("NotFoundException", $"Unable to update budget: {request.NewBudget.BudgetName} - the budget doesn't exist."));
            }

            fake._budgets[request.NewBudget.BudgetName] = request.NewBudget;
            return Task.FromResult(Ok(new { }));
        });
        server.MapTarget(budgets, protocol, "DescribeBudget", (r, _) =>
        {
            var request = r.BodyAs<DescribeBudgetRequest>();
            return Task.FromResult(fake._budgets.TryGetValue(request.BudgetName, out var budget)
                ? Ok(new DescribeBudgetResponse(budget with
                {
                    CalculatedSpend = new CalculatedSpend { ActualSpend = fake.ActualSpend, ForecastedSpend = fake.ForecastedSpend },
                    TimePeriod = new BudgetTimePeriod { Start = 1.7932896E9, End = 3.7064736E9 },
                }))
                : Error("NotFoundException", $"Unable to get budget: {request.BudgetName} - the budget doesn't exist."));
        });
        server.MapTarget(budgets, protocol, "DescribeNotificationsForBudget", (r, _) =>
        {
            var request = r.BodyAs<DescribeNotificationsForBudgetRequest>();
            return Task.FromResult(Ok(new DescribeNotificationsForBudgetResponse(fake.NotificationsOf(request.BudgetName), null)));
        });
        server.MapTarget(budgets, protocol, "CreateNotification", (r, _) =>
        {
            var request = r.BodyAs<CreateNotificationRequest>();
            fake._notifications.GetOrAdd(request.BudgetName, _ => []).Add(request.Notification);
            return Task.FromResult(Ok(new { }));
        });
        server.MapTarget(budgets, protocol, "DeleteNotification", (r, _) =>
        {
            var request = r.BodyAs<DeleteNotificationRequest>();
            fake._notifications.GetOrAdd(request.BudgetName, _ => []).RemoveAll(n => n.SameAs(request.Notification));
            return Task.FromResult(Ok(new { }));
        });
        server.MapTarget(AwsServices.CostExplorer, AwsJsonProtocol.CostExplorer, "ListCostAllocationTags", (r, _) =>
        {
            var request = r.BodyAs<ListCostAllocationTagsRequest>();
            var tags = (request.TagKeys ?? fake.TagStatus.Keys.ToList())
                .Where(fake.TagStatus.ContainsKey)
                .Select(k => new CostAllocationTag(k, "UserDefined", fake.TagStatus[k]))
                .ToList();
            return Task.FromResult(FakeAwsResponse.Json(new ListCostAllocationTagsResponse(tags, null), AwsJsonProtocol.CostExplorer.ContentType));
        });
        return fake;
    }

    private static FakeAwsResponse Ok(object value) => FakeAwsResponse.Json(value, AwsJsonProtocol.Budgets.ContentType);

    private static FakeAwsResponse Error(string code, string message) =>
        new(400, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = code, ["message"] = message }), AwsJsonProtocol.Budgets.ContentType);
}
