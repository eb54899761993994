-- 0002: incremental ingestion. Which (source, account, day) is stored and final; what each run paid AWS
-- for its own API calls; the app's own settings; the pricing-mode index the overview's donut reads.

CREATE TABLE "ingested_days" (
    "Source" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Date" TEXT NOT NULL,
    "IsEstimated" INTEGER NOT NULL,
    "FactCount" INTEGER NOT NULL,
    "UnblendedCost" INTEGER NOT NULL,
    "IngestedAt" TEXT NOT NULL,
    "JobRunId" INTEGER NOT NULL,
    CONSTRAINT "PK_ingested_days" PRIMARY KEY ("Source", "AccountId", "Date")
);

CREATE TABLE "app_settings" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_app_settings" PRIMARY KEY,
    "Value" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);

-- Existing runs made no paid AWS calls that we know of: 0 is the truthful backfill.
ALTER TABLE "job_runs" ADD COLUMN "CostExplorerRequests" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "job_runs" ADD COLUMN "CloudWatchMetricsRequested" INTEGER NOT NULL DEFAULT 0;

CREATE INDEX "IX_job_runs_Status" ON "job_runs" ("Status");
CREATE INDEX "IX_cost_facts_Date_PricingMode" ON "cost_facts" ("Date", "PricingMode");
