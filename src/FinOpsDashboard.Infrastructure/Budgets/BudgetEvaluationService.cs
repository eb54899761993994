using System.Text.Json;
using FinOpsDashboard.Domain.Analytics;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Domain.Security;
using FinOpsDashboard.Domain.Time;
using FinOpsDashboard.Infrastructure.Data;
using FinOpsDashboard.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>What one evaluation run did.</summary>
public sealed record BudgetEvaluationRun(int Evaluated, int AlertsRaised, int DeliveriesQueued, DateOnly? DataThrough)
{
    public string Summary => Evaluated == 0
        ? "no budgets defined"
        : $"{Evaluated} budget(s) evaluated through {DataThrough:yyyy-MM-dd}, {AlertsRaised} new alert(s), {DeliveriesQueued} delivery(ies) queued";
}

/// <summary>
/// Evaluates budgets against the stored spend (SpendReports, organisation-wide scope narrowed to each budget's
/// scope) and, in one transaction, stores the evaluations, inserts alerts for crossed thresholds once per
/// (budget, period, threshold, basis) and queues their deliveries. A failure leaves all three tables as they were.
/// </summary>
public sealed class BudgetEvaluationService(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    SpendReports reports,
    IOptions<AlertingOptions> alertOptions,
    AlertNotifier notifier,
    TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><paramref name="onlyBudgetId"/> null: every budget (the analytics step); an id: one budget right after it was saved.</summary>
    public async Task<BudgetEvaluationRun> EvaluateAsync(long? onlyBudgetId, CancellationToken cancellationToken)
    {
        List<Budget> budgets;
        DateOnly dataThrough;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            budgets = await db.Budgets.AsNoTracking().Include(b => b.Thresholds)
                .Where(b => onlyBudgetId == null || b.Id == onlyBudgetId)
                .OrderBy(b => b.Id)
                .ToListAsync(cancellationToken);
            dataThrough = await DataThroughAsync(db, cancellationToken);
        }

        if (budgets.Count == 0)
        {
            return new BudgetEvaluationRun(0, 0, 0, null);
        }

        var evaluations = new List<(Budget Budget, BudgetEvaluation Evaluation)>();
        foreach (var budget in budgets)
        {
            evaluations.Add((budget, await EvaluateOneAsync(budget, dataThrough, cancellationToken)));
        }

        var (raised, queued) = await StoreAsync(evaluations, cancellationToken);
        notifier.Notify();
        return new BudgetEvaluationRun(budgets.Count, raised, queued, dataThrough);
    }

    /// <summary>
    /// The last day counted as actual: yesterday (UTC), or the latest day with stored spend when ingestion lags, so
    /// days not yet ingested are forecast rather than taken as $0.
    /// </summary>
    public async Task<DateOnly> DataThroughAsync(FinOpsDbContext db, CancellationToken cancellationToken)
    {
        var yesterday = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
        var latest = await db.CostFacts.MaxAsync(f => (DateOnly?)f.Date, cancellationToken);
        return latest is { } day && day < yesterday ? day : yesterday;
    }

    /// <summary>Reads the budget's daily series (its period and the 28 days before the data's last day) and evaluates it.</summary>
    public async Task<BudgetEvaluation> EvaluateOneAsync(Budget budget, DateOnly dataThrough, CancellationToken cancellationToken)
    {
        var period = BudgetPeriod.Containing(budget.Period, dataThrough);
        var historyStart = dataThrough.AddDays(1 - BudgetForecast.SeasonalityDays);
        var window = new DateWindow(historyStart < period.Start ? historyStart : period.Start, dataThrough.AddDays(1));
        var rows = await reports.DailyByAsync(SpendDimension.Team, budget.Scope.FilterFor(window), AccessScope.Everything, cancellationToken);
        var series = rows.GroupBy(r => r.Date).Select(g => new DailyCost(g.Key, g.Sum(r => r.Cost))).ToList();
        return BudgetEvaluator.Evaluate(budget.Period, budget.Amount, budget.ThresholdRules, series, dataThrough);
    }

    private async Task<(int Raised, int Queued)> StoreAsync(List<(Budget Budget, BudgetEvaluation Evaluation)> evaluations, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var channels = alertOptions.Value.Channels();
        var raised = 0;
        var queued = 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var ids = evaluations.Select(e => e.Budget.Id).ToList();
        var stored = await db.BudgetEvaluations.Where(e => ids.Contains(e.BudgetId)).ToListAsync(cancellationToken);
        foreach (var (budget, evaluation) in evaluations)
        {
            var row = stored.FirstOrDefault(e => e.BudgetId == budget.Id && e.PeriodKey == evaluation.Period.Key);
            if (row is null)
            {
                row = new StoredBudgetEvaluation { BudgetId = budget.Id, PeriodKey = evaluation.Period.Key, Method = "", ThresholdsJson = "", DaysJson = "" };
                db.BudgetEvaluations.Add(row);
            }

            Fill(row, evaluation, now);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (budget, evaluation) in evaluations)
        {
            foreach (var threshold in evaluation.Thresholds.Where(t => t.Crossed))
            {
                var message = AlertMessages.Line(budget.Name, budget.Scope, evaluation.Period, evaluation, threshold);
                // The unique key (budget, period, threshold, basis) decides: a second run, a restarted app or a CLI
                // evaluating at the same time inserts nothing.
                var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT OR IGNORE INTO "alerts" ("BudgetId", "BudgetName", "ScopeKind", "ScopeValue", "PeriodKey", "ThresholdPercent", "Basis",
                        "Amount", "ThresholdAmount", "ActualAtRaise", "ProjectedAtRaise", "ReachedOn", "RaisedAt", "State", "Message")
                    VALUES ({budget.Id}, {budget.Name}, {budget.ScopeKind}, {budget.ScopeValue}, {evaluation.Period.Key}, {threshold.Percent}, {threshold.Basis},
                        {Nanos(evaluation.Amount)}, {Nanos(threshold.ThresholdAmount)}, {Nanos(evaluation.Actual)}, {Nanos(evaluation.ProjectedTotal)},
                        {threshold.ReachedOn}, {now}, {AlertStates.New}, {message})
                    """, cancellationToken);
                if (inserted == 0)
                {
                    continue;
                }

                raised++;
                var alertId = await db.Alerts
                    .Where(a => a.BudgetId == budget.Id && a.PeriodKey == evaluation.Period.Key && a.ThresholdPercent == threshold.Percent && a.Basis == threshold.Basis)
                    .Select(a => a.Id)
                    .SingleAsync(cancellationToken);
                foreach (var channel in channels)
                {
                    queued += await db.Database.ExecuteSqlInterpolatedAsync($"""
                        INSERT OR IGNORE INTO "alert_deliveries" ("AlertId", "Channel", "Status", "Attempts", "NextAttemptAt", "CreatedAt")
                        VALUES ({alertId}, {channel}, {DeliveryStatuses.Pending}, 0, {now}, {now})
                        """, cancellationToken);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (raised, queued);
    }

    private static void Fill(StoredBudgetEvaluation row, BudgetEvaluation evaluation, DateTime now)
    {
        row.PeriodStart = evaluation.Period.Window.Start;
        row.PeriodEnd = evaluation.Period.Window.End;
        row.DataThrough = evaluation.DataThrough;
        row.Amount = evaluation.Amount;
        row.Actual = evaluation.Actual;
        row.Forecast = evaluation.Forecast;
        row.ProjectedExceedDate = evaluation.ProjectedExceedDate;
        row.RunRate = evaluation.Model.RunRate;
        row.Method = evaluation.Model.Describe();
        row.ThresholdsJson = JsonSerializer.Serialize(evaluation.Thresholds, Json);
        row.DaysJson = JsonSerializer.Serialize(evaluation.Days.Select(d => new StoredDay(d.Date, d.Cost, d.IsForecast)), Json);
        row.EvaluatedAt = now;
    }

    /// <summary>Stored thresholds of an evaluation row.</summary>
    public static IReadOnlyList<ThresholdStatus> ThresholdsOf(StoredBudgetEvaluation row) =>
        JsonSerializer.Deserialize<List<ThresholdStatus>>(row.ThresholdsJson, Json) ?? [];

    /// <summary>Stored days of an evaluation row, with the running total.</summary>
    public static IReadOnlyList<BudgetDay> DaysOf(StoredBudgetEvaluation row)
    {
        var days = JsonSerializer.Deserialize<List<StoredDay>>(row.DaysJson, Json) ?? [];
        var cumulative = 0m;
        return days.Select(d => new BudgetDay(d.Date, d.Cost, d.IsForecast, cumulative += d.Cost)).ToList();
    }

    // Raw SQL bypasses the EF converter: money goes in as the same integer nano-dollars (ADR-006).
    private static long Nanos(decimal usd) => NanoDollarConverter.ToNanos(usd);

    private sealed record StoredDay(DateOnly Date, decimal Cost, bool IsForecast);
}
