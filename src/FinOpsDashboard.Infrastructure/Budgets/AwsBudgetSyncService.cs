using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Budgets;
using FinOpsDashboard.Infrastructure.Aws.Credentials;
using FinOpsDashboard.Infrastructure.Aws.Http;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Budgets;

public sealed record AwsBudgetSyncResult(int Synced, int Failed, string? SkippedBecause = null)
{
    public string Summary => SkippedBecause ?? (Synced + Failed == 0 ? "no budget has AWS sync on" : $"{Synced} AWS budget(s) in sync, {Failed} failed");
}

/// <summary>
/// Mirrors budgets that have "sync to AWS" on: CreateBudget the first time (with the thresholds as notifications and
/// the configured subscribers), UpdateBudget and notification changes when the budget changed, then DescribeBudget to
/// read AWS's CalculatedSpend. Every failure is stored on the budget in words a person can act on, never thrown: one
/// budget that cannot sync does not stop the others.
/// </summary>
public sealed class AwsBudgetSyncService(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    AwsClientFactory clients,
    AwsAccountResolver accounts,
    IngestionSourceProvider sources,
    IOptions<AwsOptions> aws,
    IOptions<BudgetOptions> options,
    IOptions<IngestionOptions> ingestion,
    AlertNotifier notifier,
    TimeProvider clock,
    ILogger<AwsBudgetSyncService> logger)
{
    /// <summary>Only against AWS, or in demo mode when Aws:Endpoints:Budgets points at a test server.</summary>
    public bool IsEnabled => !sources.IsDemoMode || !string.IsNullOrWhiteSpace(aws.Value.Endpoints.Budgets);

    public async Task<AwsBudgetSyncResult> SyncAsync(long? onlyBudgetId, CancellationToken cancellationToken)
    {
        List<Budget> budgets;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            budgets = await db.Budgets.AsNoTracking().Include(b => b.Thresholds)
                .Where(b => b.SyncToAws && (onlyBudgetId == null || b.Id == onlyBudgetId))
                .OrderBy(b => b.Id)
                .ToListAsync(cancellationToken);
        }

        if (budgets.Count == 0)
        {
            return new AwsBudgetSyncResult(0, 0);
        }

        if (!IsEnabled)
        {
            await RecordAllAsync(budgets, "Demo mode: AWS sync runs once an AWS account is configured (or Aws:Endpoints:Budgets points at a test server).", AwsSyncStates.Pending, cancellationToken);
            return new AwsBudgetSyncResult(0, 0, "skipped: demo mode (no AWS account configured)");
        }

        AwsAccountOptions? account;
        IBudgetsApi api;
        AwsJsonClient costExplorer;
        string accountId;
        IReadOnlyList<string> linkedAccounts;
        try
        {
            var known = await accounts.AccountsAsync(cancellationToken);
            accountId = string.IsNullOrWhiteSpace(options.Value.AwsAccountId) ? known[0].AccountId : options.Value.AwsAccountId.Trim();
            account = known.FirstOrDefault(a => a.AccountId == accountId);
            linkedAccounts = known.Select(a => a.AccountId).Distinct(StringComparer.Ordinal).ToList();
            api = new BudgetsClient(clients.CreateJsonClient(AwsServices.Budgets, AwsJsonProtocol.Budgets, account));
            costExplorer = clients.CreateJsonClient(AwsServices.CostExplorer, AwsJsonProtocol.CostExplorer, account);
        }
        catch (Exception ex) when (ex is AwsApiException or InvalidOperationException)
        {
            await RecordAllAsync(budgets, $"Cannot reach AWS: {ex.Message}", null, cancellationToken);
            return new AwsBudgetSyncResult(0, budgets.Count);
        }

        var subscribers = options.Value.AwsSubscribers
            .Where(s => !string.IsNullOrWhiteSpace(s.Address))
            .Select(s => new BudgetSubscriber(s.Type.Trim().ToUpperInvariant(), s.Address.Trim()))
            .ToList();
        var synced = 0;
        var failed = 0;
        foreach (var budget in budgets)
        {
            var facts = await FilterFactsAsync(budget, linkedAccounts, cancellationToken);
            var outcome = await SyncOneAsync(api, costExplorer, accountId, budget, facts, subscribers, cancellationToken);
            await SaveAsync(budget.Id, outcome, cancellationToken);
            if (outcome.Error is null)
            {
                synced++;
            }
            else
            {
                failed++;
            }
        }

        notifier.Notify();
        return new AwsBudgetSyncResult(synced, failed);
    }

    private sealed record Outcome(string? Name, string? Fingerprint, decimal? Actual, decimal? Forecasted, string? Error, string? State = null);

    private async Task<Outcome> SyncOneAsync(
        IBudgetsApi api, AwsJsonClient costExplorer, string accountId, Budget budget, AwsBudgetFilterFacts facts, IReadOnlyList<BudgetSubscriber> subscribers, CancellationToken cancellationToken)
    {
        var name = budget.AwsBudgetName ?? AwsBudgetMapping.NameFor(options.Value.AwsBudgetNamePrefix, budget);
        var spec = AwsBudgetMapping.Map(budget, name, facts, subscribers);
        var fingerprint = budget.AwsSyncedFingerprint;
        var step = "";
        try
        {
            if (fingerprint != spec.Fingerprint)
            {
                step = "checking the cost allocation tag";
                if (await TagProblemAsync(costExplorer, budget, facts, cancellationToken) is { } problem)
                {
                    return new Outcome(budget.AwsBudgetName, fingerprint, budget.AwsActualSpend, budget.AwsForecastedSpend, problem);
                }

                var created = false;
                if (fingerprint is null)
                {
                    step = "creating the AWS budget";
                    try
                    {
                        await api.CreateBudgetAsync(
                            new CreateBudgetRequest { AccountId = accountId, Budget = spec.Budget, NotificationsWithSubscribers = spec.Notifications.Count == 0 ? null : spec.Notifications },
                            cancellationToken);
                        created = true;
                    }
                    catch (AwsApiException e) when (e.ErrorCode == "DuplicateRecordException")
                    {
                        // Same name already in AWS (created by an earlier run whose answer was lost): take it over.
                        logger.LogInformation("AWS budget {Name} already exists: updating it instead", name);
                    }
                }

                if (!created)
                {
                    step = "updating the AWS budget";
                    await api.UpdateBudgetAsync(new UpdateBudgetRequest(accountId, spec.Budget), cancellationToken);
                    step = "updating the AWS budget's notifications";
                    await ReconcileNotificationsAsync(api, accountId, name, spec, subscribers, cancellationToken);
                }

                fingerprint = spec.Fingerprint;
            }

            step = "reading AWS's calculated spend";
            var described = await api.DescribeBudgetAsync(new DescribeBudgetRequest(accountId, name), cancellationToken);
            var spend = described.Budget.CalculatedSpend;
            return new Outcome(name, fingerprint, AwsBudgetMapping.Amount(spend?.ActualSpend), AwsBudgetMapping.Amount(spend?.ForecastedSpend), null);
        }
        catch (AwsApiException e)
        {
            logger.LogWarning("AWS budget sync of budget {Id} failed while {Step}: {Error}", budget.Id, step, e.Message);
            // A budget created before the failure keeps its name and fingerprint, so the next run updates it instead of creating it twice.
            var keptName = fingerprint is null ? budget.AwsBudgetName : name;
            return new Outcome(keptName, fingerprint, budget.AwsActualSpend, budget.AwsForecastedSpend, Explain(e, step, facts, budget));
        }
    }

    private static async Task ReconcileNotificationsAsync(
        IBudgetsApi api, string accountId, string name, AwsBudgetSpec spec, IReadOnlyList<BudgetSubscriber> subscribers, CancellationToken cancellationToken)
    {
        var existing = new List<BudgetNotification>();
        string? token = null;
        do
        {
            var page = await api.DescribeNotificationsForBudgetAsync(
                new DescribeNotificationsForBudgetRequest { AccountId = accountId, BudgetName = name, MaxResults = 100, NextToken = token }, cancellationToken);
            existing.AddRange(page.Notifications ?? []);
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        var wanted = spec.Notifications.Select(n => n.Notification).ToList();
        foreach (var stale in existing.Where(e => !wanted.Any(w => w.SameAs(e))))
        {
            await api.DeleteNotificationAsync(new DeleteNotificationRequest(accountId, name, stale), cancellationToken);
        }

        foreach (var missing in wanted.Where(w => !existing.Any(e => e.SameAs(w))))
        {
            await api.CreateNotificationAsync(new CreateNotificationRequest(accountId, name, missing, subscribers), cancellationToken);
        }
    }

    /// <summary>
    /// AWS Budgets can filter on a tag only once it is activated as a cost allocation tag. Checked with Cost
    /// Explorer's ListCostAllocationTags (one $0.01 request, only when the budget is created or changed); when that
    /// call is not allowed the check is skipped and AWS's own answer decides.
    /// </summary>
    private async Task<string?> TagProblemAsync(AwsJsonClient costExplorer, Budget budget, AwsBudgetFilterFacts facts, CancellationToken cancellationToken)
    {
        var key = budget.ScopeKind switch
        {
            BudgetScopeKinds.Team => facts.TeamTagKey,
            BudgetScopeKinds.Feature => facts.FeatureTagKey,
            _ => null,
        };
        if (key is null)
        {
            return null;
        }

        try
        {
            var answer = await costExplorer.InvokeAsync<ListCostAllocationTagsRequest, ListCostAllocationTagsResponse>(
                "ListCostAllocationTags", new ListCostAllocationTagsRequest { TagKeys = [key], Type = "UserDefined" }, cancellationToken);
            var tag = answer.CostAllocationTags?.FirstOrDefault(t => t.TagKey == key);
            return tag is { Status: "Active" }
                ? null
                : $"The tag '{key}' is {(tag is null ? "not known to AWS Billing as" : "not activated as")} a cost allocation tag, so AWS Budgets cannot filter on it: "
                  + $"activate '{key}' in Billing › Cost allocation tags (it takes up to 24 hours to apply), then the next sync creates the budget.";
        }
        catch (AwsApiException e) when (e.Kind == AwsErrorKind.AccessDenied)
        {
            logger.LogInformation("Cannot check whether tag {Key} is activated (ce:ListCostAllocationTags denied); syncing anyway", key);
            return null;
        }
    }

    /// <summary>Why it cannot sync, and what to do about it.</summary>
    private static string Explain(AwsApiException e, string step, AwsBudgetFilterFacts facts, Budget budget)
    {
        var said = string.IsNullOrWhiteSpace(e.AwsMessage) ? "" : $" AWS said: \"{e.AwsMessage}\".";
        if (e.Kind == AwsErrorKind.AccessDenied)
        {
            return $"AWS denied {e.Operation} while {step}: grant this app's identity budgets:ViewBudget and budgets:ModifyBudget (see the IAM policy in the README).{said}";
        }

        if (e.AwsMessage?.Contains("tag", StringComparison.OrdinalIgnoreCase) == true && budget.ScopeKind is BudgetScopeKinds.Team or BudgetScopeKinds.Feature)
        {
            var key = budget.ScopeKind == BudgetScopeKinds.Team ? facts.TeamTagKey : facts.FeatureTagKey;
            return $"AWS rejected the tag filter user:{key} while {step}: check that '{key}' is activated as a cost allocation tag in Billing › Cost allocation tags.{said}";
        }

        return $"AWS {e.Operation} failed while {step}: {e.Message}";
    }

    /// <summary>Services, usage types and tag keys from the stored bill, narrowed to the budget's model or pricing mode.</summary>
    private async Task<AwsBudgetFilterFacts> FilterFactsAsync(Budget budget, IReadOnlyList<string> linkedAccounts, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = db.CostFacts.AsNoTracking();
        if (budget.ScopeKind == BudgetScopeKinds.Model)
        {
            facts = facts.Where(f => f.Model == budget.ScopeValue);
        }
        else if (budget.ScopeKind == BudgetScopeKinds.PricingMode)
        {
            facts = facts.Where(f => f.PricingMode == budget.ScopeValue);
        }

        var services = await facts.Select(f => f.Service).Distinct().ToListAsync(cancellationToken);
        var narrow = budget.ScopeKind is BudgetScopeKinds.Model or BudgetScopeKinds.PricingMode;
        var usageTypes = narrow ? await facts.Select(f => f.UsageType).Distinct().ToListAsync(cancellationToken) : [];
        var allServices = (narrow ? services : AwsBudgetMapping.BaseBedrockServices.Union(services, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return new AwsBudgetFilterFacts(
            allServices,
            usageTypes.Order(StringComparer.Ordinal).ToList(),
            ingestion.Value.TeamTagKey,
            ingestion.Value.FeatureTagKey,
            linkedAccounts);
    }

    private async Task SaveAsync(long budgetId, Outcome outcome, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Deleted or switched off meanwhile: nothing to record.
        if (await db.Budgets.SingleOrDefaultAsync(b => b.Id == budgetId && b.SyncToAws, cancellationToken) is not { } budget)
        {
            return;
        }

        budget.AwsBudgetName = outcome.Name;
        budget.AwsSyncedFingerprint = outcome.Fingerprint;
        budget.AwsActualSpend = outcome.Actual;
        budget.AwsForecastedSpend = outcome.Forecasted;
        budget.AwsSyncError = outcome.Error;
        budget.AwsSyncState = outcome.State ?? (outcome.Error is null ? AwsSyncStates.Synced : AwsSyncStates.Failed);
        if (outcome.Error is null)
        {
            budget.AwsSyncedAt = clock.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RecordAllAsync(IReadOnlyList<Budget> budgets, string error, string? state, CancellationToken cancellationToken)
    {
        foreach (var budget in budgets)
        {
            await SaveAsync(budget.Id, new Outcome(budget.AwsBudgetName, budget.AwsSyncedFingerprint, budget.AwsActualSpend, budget.AwsForecastedSpend, error, state), cancellationToken);
        }

        notifier.Notify();
    }
}
