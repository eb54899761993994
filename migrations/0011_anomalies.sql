-- 0011: our anomaly flags and their review history (docs/anomalies.md). One row per (date, dimension, key): the analytics
-- step upserts by that key, so a re-run updates the numbers and keeps the review fields (Status, Note, StatusBy, StatusAt).
-- Amounts are INTEGER nano-dollars like every amount (ADR-006); the five effects are cent-rounded and add up exactly.
-- Team: the team whose manager may see the flag (team flags; a feature's main team), NULL = organisation-wide only.

CREATE TABLE "anomalies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_anomalies" PRIMARY KEY AUTOINCREMENT,
    "Date" TEXT NOT NULL,
    "Dimension" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Team" TEXT NULL,
    "ActualUsd" INTEGER NOT NULL,
    "ExpectedUsd" INTEGER NOT NULL,
    "SpreadUsd" INTEGER NOT NULL,
    "Z" REAL NOT NULL,
    "Severity" TEXT NOT NULL,
    "VolumeUsd" INTEGER NOT NULL,
    "UnitPriceUsd" INTEGER NOT NULL,
    "MixUsd" INTEGER NOT NULL,
    "CacheUsd" INTEGER NOT NULL,
    "ModeUsd" INTEGER NOT NULL,
    "TopUsageTypesJson" TEXT NOT NULL,
    "AwsAnomalyId" TEXT NULL,
    "IsCurrent" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Note" TEXT NULL,
    "StatusBy" TEXT NULL,
    "StatusAt" TEXT NULL,
    "FirstDetectedAt" TEXT NOT NULL,
    "LastDetectedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "UX_anomalies_Date_Dimension_Key" ON "anomalies" ("Date", "Dimension", "Key");
CREATE INDEX "IX_anomalies_Team_Date" ON "anomalies" ("Team", "Date");

CREATE TABLE "anomaly_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_anomaly_events" PRIMARY KEY AUTOINCREMENT,
    "AnomalyId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "By" TEXT NOT NULL,
    "FromStatus" TEXT NOT NULL,
    "ToStatus" TEXT NOT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_anomaly_events_anomalies_AnomalyId" FOREIGN KEY ("AnomalyId") REFERENCES "anomalies" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_anomaly_events_AnomalyId" ON "anomaly_events" ("AnomalyId");
