-- 0013: weekly_usage, cost_facts summed per ISO week at the grain of a usage cell (ADR-011, "Weekly usage").
-- The weekly review's change decomposition and the showback's unit economics need token direction, cache TTL, route,
--   unit and quantity, which daily_spend drops; grouping a month of facts by those ten columns took 70-90 ms of SQLite
--   sorting per query on the large demo. A week is ~600 rows here against ~4,300 facts.
-- "Week" is the ISO week's Monday: date(d, 'weekday 0', '-6 days') moves any day to the Sunday ending its week
--   (a Sunday stays put), then back six days. CacheTtl '' means none: key columns of a WITHOUT ROWID table are NOT NULL.
-- Kept exact by every write to cost_facts, in its transaction (SpendRollup.RebuildAsync re-sums the weeks it touched).

CREATE TABLE "weekly_usage" (
    "Week" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "Team" TEXT NOT NULL,
    "Feature" TEXT NOT NULL,
    "PricingMode" TEXT NOT NULL,
    "TokenDirection" TEXT NOT NULL,
    "CacheTtl" TEXT NOT NULL,
    "CrossRegion" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "Quantity" INTEGER NOT NULL,
    "UnblendedCost" INTEGER NOT NULL,
    "FactCount" INTEGER NOT NULL,
    CONSTRAINT "PK_weekly_usage" PRIMARY KEY ("Week", "Team", "Model", "Feature", "PricingMode", "AccountId", "TokenDirection", "CacheTtl", "CrossRegion", "Unit")
) WITHOUT ROWID;

INSERT INTO "weekly_usage" ("Week", "AccountId", "Model", "Team", "Feature", "PricingMode", "TokenDirection", "CacheTtl", "CrossRegion", "Unit",
    "Quantity", "UnblendedCost", "FactCount")
SELECT date("Date", 'weekday 0', '-6 days'), "AccountId", "Model", "Team", "Feature", "PricingMode", "TokenDirection", coalesce("CacheTtl", ''),
    "CrossRegion", "Unit", sum("Quantity"), sum("UnblendedCost"), count(*)
FROM "cost_facts"
GROUP BY date("Date", 'weekday 0', '-6 days'), "Team", "Model", "Feature", "PricingMode", "AccountId", "TokenDirection", coalesce("CacheTtl", ''),
    "CrossRegion", "Unit";
