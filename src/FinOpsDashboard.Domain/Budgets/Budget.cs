namespace FinOpsDashboard.Domain.Budgets;

/// <summary>A budget an admin set: a scope, a period, an amount and alert thresholds; optionally mirrored to AWS Budgets.</summary>
public sealed class Budget
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>See <see cref="BudgetScopeKinds"/>.</summary>
    public required string ScopeKind { get; set; }

    /// <summary>The team, feature, model or pricing mode; null for a total budget.</summary>
    public string? ScopeValue { get; set; }

    /// <summary>See <see cref="BudgetPeriodKinds"/>.</summary>
    public required string Period { get; set; }

    /// <summary>USD per period.</summary>
    public decimal Amount { get; set; }

    public List<BudgetThreshold> Thresholds { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    /// <summary>Create or update a matching AWS Budget (with the same thresholds as notifications) after each evaluation.</summary>
    public bool SyncToAws { get; set; }

    /// <summary>The AWS budget's name, fixed at the first sync (AWS identifies budgets by name).</summary>
    public string? AwsBudgetName { get; set; }

    /// <summary>off | pending | synced | failed.</summary>
    public string AwsSyncState { get; set; } = AwsSyncStates.Off;

    /// <summary>Why the last sync failed, in words a person can act on.</summary>
    public string? AwsSyncError { get; set; }

    /// <summary>Fingerprint of the budget as last sent to AWS: a different one means UpdateBudget is due.</summary>
    public string? AwsSyncedFingerprint { get; set; }

    public DateTime? AwsSyncedAt { get; set; }

    /// <summary>AWS's own CalculatedSpend.ActualSpend for its current period, read back after each sync.</summary>
    public decimal? AwsActualSpend { get; set; }

    /// <summary>AWS's CalculatedSpend.ForecastedSpend (absent early in a period or for new accounts).</summary>
    public decimal? AwsForecastedSpend { get; set; }

    public BudgetScope Scope => new(ScopeKind, ScopeValue);

    public IReadOnlyList<ThresholdRule> ThresholdRules =>
        Thresholds.Select(t => new ThresholdRule(t.Percent, t.Basis)).OrderBy(t => t.Basis, StringComparer.Ordinal).ThenBy(t => t.Percent).ToList();

    public BudgetDraft ToDraft() => new(Name, Scope, Period, Amount, ThresholdRules, SyncToAws);
}

public static class AwsSyncStates
{
    public const string Off = "off";
    public const string Pending = "pending";
    public const string Synced = "synced";
    public const string Failed = "failed";
}

/// <summary>One alert threshold of a budget.</summary>
public sealed class BudgetThreshold
{
    public long BudgetId { get; set; }
    public int Percent { get; set; }

    /// <summary>actual | forecast.</summary>
    public required string Basis { get; set; }
}

/// <summary>The latest evaluation of a budget for one period (replaced by each evaluation run; earlier periods stay).</summary>
public sealed class StoredBudgetEvaluation
{
    public long Id { get; set; }
    public long BudgetId { get; set; }
    public required string PeriodKey { get; set; }
    public DateOnly PeriodStart { get; set; }

    /// <summary>Exclusive.</summary>
    public DateOnly PeriodEnd { get; set; }

    /// <summary>The last day counted as actual; later days of the period are forecast.</summary>
    public DateOnly DataThrough { get; set; }

    public decimal Amount { get; set; }
    public decimal Actual { get; set; }
    public decimal Forecast { get; set; }
    public DateOnly? ProjectedExceedDate { get; set; }
    public decimal RunRate { get; set; }

    /// <summary>The forecast method with this fit's numbers, shown next to the forecast.</summary>
    public required string Method { get; set; }

    /// <summary>Per threshold: percent, basis, amount, crossed, reached-on, projected (JSON).</summary>
    public required string ThresholdsJson { get; set; }

    /// <summary>Per day: date, cost, forecast flag (JSON), for the burn-up chart.</summary>
    public required string DaysJson { get; set; }

    public DateTime EvaluatedAt { get; set; }

    public decimal ProjectedTotal => Actual + Forecast;
}

public static class AlertStates
{
    public const string New = "new";
    public const string Acknowledged = "acknowledged";
}

/// <summary>
/// A budget threshold crossed in a period. Raised once per (budget, period, threshold, basis): the unique key makes
/// re-runs, restarts and concurrent evaluations insert it at most once. Keeps a copy of what it is about, so it
/// still reads right after the budget is edited or deleted.
/// </summary>
public sealed class BudgetAlert
{
    public long Id { get; set; }

    /// <summary>Null once the budget is deleted (the alert and its deliveries stay).</summary>
    public long? BudgetId { get; set; }

    public required string BudgetName { get; set; }
    public required string ScopeKind { get; set; }
    public string? ScopeValue { get; set; }
    public required string PeriodKey { get; set; }
    public int ThresholdPercent { get; set; }
    public required string Basis { get; set; }

    /// <summary>The budget amount when raised.</summary>
    public decimal Amount { get; set; }

    public decimal ThresholdAmount { get; set; }
    public decimal ActualAtRaise { get; set; }
    public decimal ProjectedAtRaise { get; set; }

    /// <summary>The day spend reached the threshold (forecast basis: possibly a projected day).</summary>
    public DateOnly? ReachedOn { get; set; }

    public DateTime RaisedAt { get; set; }

    /// <summary>new | acknowledged.</summary>
    public string State { get; set; } = AlertStates.New;

    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedAt { get; set; }

    /// <summary>The one-line text sent to the webhook and email and shown in the alert centre.</summary>
    public required string Message { get; set; }

    public List<AlertDelivery> Deliveries { get; set; } = [];

    public BudgetScope Scope => new(ScopeKind, ScopeValue);
}

public static class AlertChannels
{
    public const string Webhook = "webhook";
    public const string Email = "email";
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

/// <summary>
/// The outbox row for sending one alert on one channel: queued in the transaction that raised the alert, sent by the
/// alert-delivery job, retried with backoff, never dropped (after the last attempt it stays "failed" until retried).
/// </summary>
public sealed class AlertDelivery
{
    public long Id { get; set; }
    public long AlertId { get; set; }

    /// <summary>webhook | email.</summary>
    public required string Channel { get; set; }

    /// <summary>pending | sent | failed.</summary>
    public string Status { get; set; } = DeliveryStatuses.Pending;

    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>When the job may try next (also a short lease while an attempt is in flight).</summary>
    public DateTime NextAttemptAt { get; set; }

    public DateTime? SentAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
