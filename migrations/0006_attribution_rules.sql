-- 0006: attribution rules, admin-edited and versioned; the raw attribution inputs kept with every fact so a new rule
-- version can re-attribute history without re-ingesting it.
-- attribution_rule_sets: one row per saved version (never edited; the latest is the active one).
-- attribution_rules: the rules of each version in precedence order.
-- cost_facts / invocation_log_hourly: the raw values the source gave ('' when none: SQLite lets NULLs repeat in a
-- unique index, so '' keeps the grain unique), and grain indexes on those raw values instead of the resolved team
-- and feature (two raw values one rule maps to the same team must not collide).

CREATE TABLE "attribution_rule_sets" (
    "Version" INTEGER NOT NULL CONSTRAINT "PK_attribution_rule_sets" PRIMARY KEY,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "Note" TEXT NULL
);

CREATE TABLE "attribution_rules" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_attribution_rules" PRIMARY KEY AUTOINCREMENT,
    "RuleSetVersion" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "Target" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Key" TEXT NULL,
    "Match" TEXT NOT NULL,
    "Assign" TEXT NOT NULL,
    CONSTRAINT "FK_attribution_rules_attribution_rule_sets_RuleSetVersion" FOREIGN KEY ("RuleSetVersion") REFERENCES "attribution_rule_sets" ("Version") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "UX_attribution_rules_RuleSetVersion_Position" ON "attribution_rules" ("RuleSetVersion", "Position");

ALTER TABLE "cost_facts" ADD COLUMN "TeamTag" TEXT NOT NULL DEFAULT '';
ALTER TABLE "cost_facts" ADD COLUMN "FeatureTag" TEXT NOT NULL DEFAULT '';
ALTER TABLE "cost_facts" ADD COLUMN "ResourceId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "cost_facts" ADD COLUMN "Principal" TEXT NOT NULL DEFAULT '';

-- Before rules, team and feature were the tag values as is (or the unattributed bucket): that is the raw input.
UPDATE "cost_facts" SET
    "TeamTag" = CASE WHEN "Team" = '(unattributed)' THEN '' ELSE "Team" END,
    "FeatureTag" = CASE WHEN "Feature" = '(unattributed)' THEN '' ELSE "Feature" END;

DROP INDEX "UX_cost_facts_grain";
CREATE UNIQUE INDEX "UX_cost_facts_grain" ON "cost_facts" ("Source", "AccountId", "Date", "Service", "UsageType", "TeamTag", "FeatureTag", "ResourceId", "Principal");

ALTER TABLE "invocation_log_hourly" ADD COLUMN "TeamMetadata" TEXT NOT NULL DEFAULT '';
ALTER TABLE "invocation_log_hourly" ADD COLUMN "FeatureMetadata" TEXT NOT NULL DEFAULT '';

UPDATE "invocation_log_hourly" SET
    "TeamMetadata" = CASE WHEN "Team" = '(unattributed)' THEN '' ELSE "Team" END,
    "FeatureMetadata" = CASE WHEN "Feature" = '(unattributed)' THEN '' ELSE "Feature" END;

DROP INDEX "UX_invocation_log_hourly_grain";
CREATE UNIQUE INDEX "UX_invocation_log_hourly_grain" ON "invocation_log_hourly" ("ImportedFileId", "HourStart", "AccountId", "Region", "ModelId", "Operation", "TeamMetadata", "FeatureMetadata", "Caller");
