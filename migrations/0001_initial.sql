-- 0001: the facts the dashboard is built on, and the job run history.
-- Money columns hold INTEGER nano-dollars (1e-9 USD); quantities hold INTEGER thousandths (ADR-006).
-- Dates are TEXT 'yyyy-MM-dd'; timestamps TEXT 'yyyy-MM-dd HH:mm:ss.FFFFFFF' in UTC.

CREATE TABLE "cost_facts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_cost_facts" PRIMARY KEY AUTOINCREMENT,
    "Date" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "Service" TEXT NOT NULL,
    "UsageType" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "PricingMode" TEXT NOT NULL,
    "TokenDirection" TEXT NOT NULL,
    "CrossRegion" TEXT NOT NULL,
    "CacheTtl" TEXT NULL,
    "IsClassified" INTEGER NOT NULL,
    "Team" TEXT NOT NULL,
    "Feature" TEXT NOT NULL,
    "Quantity" INTEGER NOT NULL,
    "Unit" TEXT NOT NULL,
    "UnblendedCost" INTEGER NOT NULL,
    "AmortizedCost" INTEGER NOT NULL,
    "IsEstimated" INTEGER NOT NULL,
    "Source" TEXT NOT NULL,
    "IngestedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "UX_cost_facts_grain" ON "cost_facts" ("Source", "AccountId", "Date", "Service", "UsageType", "Team", "Feature");
CREATE INDEX "IX_cost_facts_Date_Model" ON "cost_facts" ("Date", "Model");
CREATE INDEX "IX_cost_facts_Date_Team" ON "cost_facts" ("Date", "Team");
CREATE INDEX "IX_cost_facts_Date_Feature" ON "cost_facts" ("Date", "Feature");

CREATE TABLE "metric_facts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_metric_facts" PRIMARY KEY AUTOINCREMENT,
    "Timestamp" TEXT NOT NULL,
    "PeriodSeconds" INTEGER NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "ModelId" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "MetricName" TEXT NOT NULL,
    "Stat" TEXT NOT NULL,
    "Value" REAL NOT NULL,
    "Source" TEXT NOT NULL,
    "IngestedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "UX_metric_facts_point" ON "metric_facts" ("AccountId", "Region", "ModelId", "MetricName", "Stat", "PeriodSeconds", "Timestamp");
CREATE INDEX "IX_metric_facts_Model_Metric_Time" ON "metric_facts" ("Model", "MetricName", "Timestamp");
CREATE INDEX "IX_metric_facts_Timestamp" ON "metric_facts" ("Timestamp");

CREATE TABLE "provisioned_throughputs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_provisioned_throughputs" PRIMARY KEY AUTOINCREMENT,
    "Arn" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "ModelArn" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "ModelUnits" INTEGER NOT NULL,
    "DesiredModelUnits" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Commitment" TEXT NOT NULL,
    "CommitmentExpiresAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastModifiedAt" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "IngestedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "UX_provisioned_throughputs_Arn" ON "provisioned_throughputs" ("Arn");

CREATE TABLE "job_runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_job_runs" PRIMARY KEY AUTOINCREMENT,
    "JobName" TEXT NOT NULL,
    "Trigger" TEXT NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NULL,
    "Status" TEXT NOT NULL,
    "RowsWritten" INTEGER NOT NULL,
    "Error" TEXT NULL,
    "Message" TEXT NULL
);

CREATE INDEX "IX_job_runs_JobName_StartedAt" ON "job_runs" ("JobName", "StartedAt");
