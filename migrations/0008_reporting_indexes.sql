-- 0008: what the pages' window aggregations need, measured on `finops demo --scale large` (docs/benchmarks.md).
-- metric_daily_sums: CloudWatch Sum metrics per UTC day, maintained by metric ingestion in the same transaction as
--   the hourly points; reconciliation and unit costs read it instead of grouping ~60,000 hourly points per fortnight.
-- IX_metric_facts_Metric_Time: one metric over a window was a scan of every metric in it (258 ms → 14 ms for 30 days).
-- IX_cost_facts_Date_Cover: window sums by the page dimensions read the index alone.

CREATE TABLE "metric_daily_sums" (
    "Date" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "ModelId" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "MetricName" TEXT NOT NULL,
    "Value" REAL NOT NULL,
    CONSTRAINT "PK_metric_daily_sums" PRIMARY KEY ("Source", "AccountId", "Region", "ModelId", "MetricName", "Date")
);

CREATE INDEX "IX_metric_daily_sums_Metric_Date" ON "metric_daily_sums" ("MetricName", "Date", "Model");

INSERT INTO "metric_daily_sums" ("Date", "Source", "AccountId", "Region", "ModelId", "Model", "MetricName", "Value")
SELECT date("Timestamp"), "Source", "AccountId", "Region", "ModelId", MAX("Model"), "MetricName", SUM("Value")
FROM "metric_facts"
WHERE "Stat" = 'Sum'
GROUP BY date("Timestamp"), "Source", "AccountId", "Region", "ModelId", "MetricName";

CREATE INDEX "IX_metric_facts_Metric_Time" ON "metric_facts" ("MetricName", "Timestamp", "Model", "Stat", "Value");
CREATE INDEX "IX_cost_facts_Date_Cover" ON "cost_facts" ("Date", "Team", "Model", "Feature", "PricingMode", "AccountId", "UnblendedCost");
