-- 0007: the price catalog. USD per 1M tokens per (model, region, direction, pricing mode, cross-region route,
-- cache TTL), effective on an inclusive range of days (EffectiveTo NULL = open-ended). Region NULL = any region.
-- Rates are INTEGER nano-dollars like every amount (ADR-006). Seeded at start-up from the representative list
-- prices when empty (IsRepresentative = 1); admins add and close entries, and who / when is kept on each row.

CREATE TABLE "price_catalog_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_price_catalog_entries" PRIMARY KEY AUTOINCREMENT,
    "Model" TEXT NOT NULL,
    "Region" TEXT NULL,
    "Direction" TEXT NOT NULL,
    "PricingMode" TEXT NOT NULL,
    "CrossRegion" TEXT NOT NULL,
    "CacheTtl" TEXT NULL,
    "UsdPerMillion" INTEGER NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "EffectiveTo" TEXT NULL,
    "Provenance" TEXT NOT NULL,
    "Note" TEXT NULL,
    "IsRepresentative" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);

CREATE INDEX "IX_price_catalog_entries_Model_Direction_EffectiveFrom" ON "price_catalog_entries" ("Model", "Direction", "EffectiveFrom");
