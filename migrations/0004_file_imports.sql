-- 0004: importing the bill and the logs from files (CUR 2.0, FOCUS 1.0-1.2, Bedrock invocation logs).
-- imported_files: every object read, by location and content hash (ETag or SHA-256), so nothing is imported twice.
-- import_rejections: the rows refused, with file, line, column and reason, for the data-quality page.
-- invocation_log_hourly: invocation logs summed per hour and attribution, never raw requests or their bodies.
-- Timestamps are TEXT 'yyyy-MM-dd HH:mm:ss.FFFFFFF' in UTC; token counts are plain INTEGER.

CREATE TABLE "imported_files" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_imported_files" PRIMARY KEY AUTOINCREMENT,
    "SourceKind" TEXT NOT NULL,
    "Location" TEXT NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "Format" TEXT NULL,
    "BillingPeriods" TEXT NULL,
    "AccountIds" TEXT NULL,
    "RowsRead" INTEGER NOT NULL,
    "RowsKept" INTEGER NOT NULL,
    "RowsSkipped" INTEGER NOT NULL,
    "RowsRejected" INTEGER NOT NULL,
    "UnknownUnitRows" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Error" TEXT NULL,
    "ImportedAt" TEXT NOT NULL,
    "JobRunId" INTEGER NULL
);

CREATE UNIQUE INDEX "UX_imported_files_Location_ContentHash" ON "imported_files" ("Location", "ContentHash");
CREATE INDEX "IX_imported_files_ImportedAt" ON "imported_files" ("ImportedAt");

CREATE TABLE "import_rejections" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_import_rejections" PRIMARY KEY AUTOINCREMENT,
    "ImportedFileId" INTEGER NOT NULL,
    "Location" TEXT NOT NULL,
    "LineNumber" INTEGER NOT NULL,
    "Column" TEXT NULL,
    "Reason" TEXT NOT NULL,
    "RawLine" TEXT NULL,
    "RejectedAt" TEXT NOT NULL
);

CREATE INDEX "IX_import_rejections_ImportedFileId_LineNumber" ON "import_rejections" ("ImportedFileId", "LineNumber");

CREATE TABLE "invocation_log_hourly" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_invocation_log_hourly" PRIMARY KEY AUTOINCREMENT,
    "ImportedFileId" INTEGER NOT NULL,
    "HourStart" TEXT NOT NULL,
    "AccountId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "ModelId" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "Operation" TEXT NOT NULL,
    "Team" TEXT NOT NULL,
    "Feature" TEXT NOT NULL,
    "Caller" TEXT NOT NULL,
    "RequestCount" INTEGER NOT NULL,
    "InputTokens" INTEGER NOT NULL,
    "OutputTokens" INTEGER NOT NULL,
    "CacheReadInputTokens" INTEGER NOT NULL,
    "CacheWriteInputTokens" INTEGER NOT NULL,
    "IngestedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "UX_invocation_log_hourly_grain" ON "invocation_log_hourly" ("ImportedFileId", "HourStart", "AccountId", "Region", "ModelId", "Operation", "Team", "Feature", "Caller");
CREATE INDEX "IX_invocation_log_hourly_HourStart_Model" ON "invocation_log_hourly" ("HourStart", "Model");
CREATE INDEX "IX_invocation_log_hourly_HourStart_Team" ON "invocation_log_hourly" ("HourStart", "Team");
