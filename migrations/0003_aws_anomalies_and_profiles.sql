-- 0003: what AWS ingestion brings besides cost and metrics: AWS Cost Anomaly Detection's anomalies
-- (shown beside ours) and inference profiles with their tags (profile id → model, team, feature).

CREATE TABLE "aws_anomalies" (
    "AnomalyId" TEXT NOT NULL CONSTRAINT "PK_aws_anomalies" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "MonitorArn" TEXT NOT NULL,
    "StartDate" TEXT NOT NULL,
    "EndDate" TEXT NULL,
    "DimensionValue" TEXT NULL,
    "MaxScore" REAL NOT NULL,
    "CurrentScore" REAL NOT NULL,
    "TotalImpact" INTEGER NOT NULL,
    "TotalActualSpend" INTEGER NOT NULL,
    "TotalExpectedSpend" INTEGER NOT NULL,
    "RootCausesJson" TEXT NOT NULL,
    "Feedback" TEXT NULL,
    "Source" TEXT NOT NULL,
    "IngestedAt" TEXT NOT NULL
);

CREATE INDEX "IX_aws_anomalies_StartDate" ON "aws_anomalies" ("StartDate");

CREATE TABLE "inference_profiles" (
    "Arn" TEXT NOT NULL CONSTRAINT "PK_inference_profiles" PRIMARY KEY,
    "ProfileId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "Team" TEXT NOT NULL,
    "Feature" TEXT NOT NULL,
    "TagsJson" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "IngestedAt" TEXT NOT NULL
);

CREATE INDEX "IX_inference_profiles_ProfileId" ON "inference_profiles" ("ProfileId");
