-- 0010: recommendations with their status workflow and history, and the per-model provisioned-throughput settings
-- (capacity per model unit, hourly prices) that utilization and the PT levers need. Money is INTEGER nano-dollars
-- (ADR-006). A recommendation's Key (lever + scope) is stable across analytics runs, so status, owner and history
-- follow it; the baseline columns are written once, when it is first raised, and realised savings are measured
-- against them.

CREATE TABLE "recommendations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_recommendations" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "Lever" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Model" TEXT NULL,
    "Team" TEXT NULL,
    "Feature" TEXT NULL,
    "MonthlySavings" INTEGER NOT NULL,
    "SavingsClaimed" INTEGER NOT NULL,
    "Confidence" TEXT NOT NULL,
    "Evidence" TEXT NOT NULL,
    "Formula" TEXT NOT NULL,
    "InputsJson" TEXT NOT NULL,
    "Alternative" TEXT NULL,
    "ScopeMonthlyCost" INTEGER NOT NULL,
    "ChartTitle" TEXT NOT NULL,
    "ChartJson" TEXT NOT NULL,
    "WindowStart" TEXT NOT NULL,
    "WindowEnd" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "StatusReason" TEXT NULL,
    "Owner" TEXT NULL,
    "StatusChangedAt" TEXT NULL,
    "StatusChangedBy" TEXT NULL,
    "FirstRaisedAt" TEXT NOT NULL,
    "LastDetectedAt" TEXT NOT NULL,
    "MeasurementKind" TEXT NOT NULL,
    "MeasurementModel" TEXT NULL,
    "MeasurementTeam" TEXT NULL,
    "MeasurementFeature" TEXT NULL,
    "BaselineMonthlyCost" INTEGER NOT NULL,
    "BaselineCostPerMillion" INTEGER NULL,
    "BaselineMonthlySavings" INTEGER NOT NULL,
    "RealisedMonthlySavings" INTEGER NULL,
    "RealisedMeasuredAt" TEXT NULL,
    "RealisedNote" TEXT NULL
);

CREATE UNIQUE INDEX "UX_recommendations_Key" ON "recommendations" ("Key");
CREATE INDEX "IX_recommendations_Team" ON "recommendations" ("Team");

CREATE TABLE "recommendation_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_recommendation_events" PRIMARY KEY AUTOINCREMENT,
    "RecommendationId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "FromStatus" TEXT NULL,
    "ToStatus" TEXT NULL,
    "Owner" TEXT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_recommendation_events_recommendations_RecommendationId" FOREIGN KEY ("RecommendationId") REFERENCES "recommendations" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_recommendation_events_RecommendationId" ON "recommendation_events" ("RecommendationId");

CREATE TABLE "pt_model_settings" (
    "Model" TEXT NOT NULL CONSTRAINT "PK_pt_model_settings" PRIMARY KEY,
    "CapacityTokensPerMinutePerUnit" INTEGER NULL,
    "NoCommitHourlyUsd" INTEGER NULL,
    "OneMonthHourlyUsd" INTEGER NULL,
    "SixMonthHourlyUsd" INTEGER NULL,
    "Provenance" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);
