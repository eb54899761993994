-- 0009: spend rollups the pages' totals, splits and daily charts read instead of cost_facts (ADR-011).
-- daily_spend: cost_facts summed per (Date, AccountId, Model, Team, Feature, PricingMode), about half the rows of
--   cost_facts on the large demo; monthly_spend: the same per calendar month ("Month" is its first day, 'yyyy-MM-01'),
--   so a year is twelve months of rows plus its two partial edge months from daily_spend.
-- Both are kept exact by every write to cost_facts, in its transaction: SpendRollup rebuilds the days it touched from
--   cost_facts and their months from daily_spend. Money in INTEGER nano-dollars like cost_facts (ADR-006).
-- WITHOUT ROWID: rows are stored in key order (day first), and each secondary index entry carries the whole key, so a
--   daily chart by one dimension reads one index in (day, key) order and never sorts.

CREATE TABLE "daily_spend" (
    "Date" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "Team" TEXT NOT NULL,
    "Feature" TEXT NOT NULL,
    "PricingMode" TEXT NOT NULL,
    "UnblendedCost" INTEGER NOT NULL,
    "AmortizedCost" INTEGER NOT NULL,
    "FactCount" INTEGER NOT NULL,
    CONSTRAINT "PK_daily_spend" PRIMARY KEY ("Date", "AccountId", "Model", "Team", "Feature", "PricingMode")
) WITHOUT ROWID;

CREATE TABLE "monthly_spend" (
    "Month" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "Team" TEXT NOT NULL,
    "Feature" TEXT NOT NULL,
    "PricingMode" TEXT NOT NULL,
    "UnblendedCost" INTEGER NOT NULL,
    "AmortizedCost" INTEGER NOT NULL,
    "FactCount" INTEGER NOT NULL,
    CONSTRAINT "PK_monthly_spend" PRIMARY KEY ("Month", "AccountId", "Model", "Team", "Feature", "PricingMode")
) WITHOUT ROWID;

INSERT INTO "daily_spend" ("Date", "AccountId", "Model", "Team", "Feature", "PricingMode", "UnblendedCost", "AmortizedCost", "FactCount")
SELECT "Date", "AccountId", "Model", "Team", "Feature", "PricingMode", sum("UnblendedCost"), sum("AmortizedCost"), count(*)
FROM "cost_facts"
GROUP BY "Date", "Team", "Model", "Feature", "PricingMode", "AccountId";

INSERT INTO "monthly_spend" ("Month", "AccountId", "Model", "Team", "Feature", "PricingMode", "UnblendedCost", "AmortizedCost", "FactCount")
SELECT substr("Date", 1, 8) || '01', "AccountId", "Model", "Team", "Feature", "PricingMode", sum("UnblendedCost"), sum("AmortizedCost"), sum("FactCount")
FROM "daily_spend"
GROUP BY substr("Date", 1, 8), "AccountId", "Model", "Team", "Feature", "PricingMode";

-- Indexed after the backfill: building an index once is cheaper than updating four of them per inserted row.
CREATE INDEX "IX_daily_spend_Date_Model" ON "daily_spend" ("Date", "Model", "UnblendedCost");
CREATE INDEX "IX_daily_spend_Date_Team" ON "daily_spend" ("Date", "Team", "UnblendedCost");
CREATE INDEX "IX_daily_spend_Date_Feature" ON "daily_spend" ("Date", "Feature", "UnblendedCost");
CREATE INDEX "IX_daily_spend_Date_PricingMode" ON "daily_spend" ("Date", "PricingMode", "UnblendedCost");
