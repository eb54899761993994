-- 0012: budgets set by admins, their latest evaluation per period, the alerts raised when a threshold is crossed,
-- and the delivery outbox (webhook, email) for those alerts. Amounts are INTEGER nano-dollars (ADR-006).
-- budgets: scope (total | team | feature | model | pricing-mode + value), period, amount, AWS Budgets sync state.
-- budget_thresholds: percent of the amount on actual or forecast spend.
-- budget_evaluations: one row per budget and period, replaced by each evaluation (earlier periods stay as history).
-- alerts: raised once per (budget, period, threshold, basis): the unique index makes every re-run, restart or
--   concurrent evaluation insert it at most once (INSERT OR IGNORE). Deleting a budget keeps its alerts (BudgetId NULL).
-- alert_deliveries: one row per alert and channel, queued with the alert in one transaction, sent by the
--   alert-delivery job with retries; never deleted by the job.

CREATE TABLE "budgets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_budgets" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "ScopeKind" TEXT NOT NULL,
    "ScopeValue" TEXT NULL,
    "Period" TEXT NOT NULL,
    "Amount" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "SyncToAws" INTEGER NOT NULL,
    "AwsBudgetName" TEXT NULL,
    "AwsSyncState" TEXT NOT NULL,
    "AwsSyncError" TEXT NULL,
    "AwsSyncedFingerprint" TEXT NULL,
    "AwsSyncedAt" TEXT NULL,
    "AwsActualSpend" INTEGER NULL,
    "AwsForecastedSpend" INTEGER NULL
);

CREATE TABLE "budget_thresholds" (
    "BudgetId" INTEGER NOT NULL,
    "Percent" INTEGER NOT NULL,
    "Basis" TEXT NOT NULL,
    CONSTRAINT "PK_budget_thresholds" PRIMARY KEY ("BudgetId", "Percent", "Basis"),
    CONSTRAINT "FK_budget_thresholds_budgets_BudgetId" FOREIGN KEY ("BudgetId") REFERENCES "budgets" ("Id") ON DELETE CASCADE
);

CREATE TABLE "budget_evaluations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_budget_evaluations" PRIMARY KEY AUTOINCREMENT,
    "BudgetId" INTEGER NOT NULL,
    "PeriodKey" TEXT NOT NULL,
    "PeriodStart" TEXT NOT NULL,
    "PeriodEnd" TEXT NOT NULL,
    "DataThrough" TEXT NOT NULL,
    "Amount" INTEGER NOT NULL,
    "Actual" INTEGER NOT NULL,
    "Forecast" INTEGER NOT NULL,
    "ProjectedExceedDate" TEXT NULL,
    "RunRate" INTEGER NOT NULL,
    "Method" TEXT NOT NULL,
    "ThresholdsJson" TEXT NOT NULL,
    "DaysJson" TEXT NOT NULL,
    "EvaluatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_budget_evaluations_budgets_BudgetId" FOREIGN KEY ("BudgetId") REFERENCES "budgets" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "UX_budget_evaluations_BudgetId_PeriodKey" ON "budget_evaluations" ("BudgetId", "PeriodKey");

CREATE TABLE "alerts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_alerts" PRIMARY KEY AUTOINCREMENT,
    "BudgetId" INTEGER NULL,
    "BudgetName" TEXT NOT NULL,
    "ScopeKind" TEXT NOT NULL,
    "ScopeValue" TEXT NULL,
    "PeriodKey" TEXT NOT NULL,
    "ThresholdPercent" INTEGER NOT NULL,
    "Basis" TEXT NOT NULL,
    "Amount" INTEGER NOT NULL,
    "ThresholdAmount" INTEGER NOT NULL,
    "ActualAtRaise" INTEGER NOT NULL,
    "ProjectedAtRaise" INTEGER NOT NULL,
    "ReachedOn" TEXT NULL,
    "RaisedAt" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "AcknowledgedBy" TEXT NULL,
    "AcknowledgedAt" TEXT NULL,
    "Message" TEXT NOT NULL,
    CONSTRAINT "FK_alerts_budgets_BudgetId" FOREIGN KEY ("BudgetId") REFERENCES "budgets" ("Id") ON DELETE SET NULL
);

CREATE UNIQUE INDEX "UX_alerts_BudgetId_PeriodKey_ThresholdPercent_Basis" ON "alerts" ("BudgetId", "PeriodKey", "ThresholdPercent", "Basis");
CREATE INDEX "IX_alerts_State_RaisedAt" ON "alerts" ("State", "RaisedAt");

CREATE TABLE "alert_deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_alert_deliveries" PRIMARY KEY AUTOINCREMENT,
    "AlertId" INTEGER NOT NULL,
    "Channel" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_alert_deliveries_alerts_AlertId" FOREIGN KEY ("AlertId") REFERENCES "alerts" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "UX_alert_deliveries_AlertId_Channel" ON "alert_deliveries" ("AlertId", "Channel");
CREATE INDEX "IX_alert_deliveries_Status_NextAttemptAt" ON "alert_deliveries" ("Status", "NextAttemptAt");
