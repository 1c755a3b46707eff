-- System-wide statistics counters for GET /api/admin/stats, kept in the same transaction as
-- every state change (like user_counters), spread over slots so concurrent workers do not
-- queue on one row. Backfilled from the per-user counters, which hold the same totals.

-- CreateTable
CREATE TABLE "system_counters" (
    "slot" SMALLINT NOT NULL,
    "jobs_queued" BIGINT NOT NULL DEFAULT 0,
    "jobs_processing" BIGINT NOT NULL DEFAULT 0,
    "jobs_completed" BIGINT NOT NULL DEFAULT 0,
    "jobs_failed" BIGINT NOT NULL DEFAULT 0,
    "jobs_cancelled" BIGINT NOT NULL DEFAULT 0,
    "documents_queued" BIGINT NOT NULL DEFAULT 0,
    "documents_processing" BIGINT NOT NULL DEFAULT 0,
    "documents_succeeded" BIGINT NOT NULL DEFAULT 0,
    "documents_failed" BIGINT NOT NULL DEFAULT 0,
    "documents_cancelled" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "system_counters_pkey" PRIMARY KEY ("slot")
);

-- Backfill
INSERT INTO "system_counters" ("slot", "jobs_queued", "jobs_processing", "jobs_completed", "jobs_failed", "jobs_cancelled",
    "documents_queued", "documents_processing", "documents_succeeded", "documents_failed", "documents_cancelled")
SELECT 0, coalesce(sum("jobs_queued"), 0), coalesce(sum("jobs_processing"), 0), coalesce(sum("jobs_completed"), 0),
    coalesce(sum("jobs_failed"), 0), coalesce(sum("jobs_cancelled"), 0), coalesce(sum("documents_queued"), 0),
    coalesce(sum("documents_processing"), 0), coalesce(sum("documents_succeeded"), 0), coalesce(sum("documents_failed"), 0),
    coalesce(sum("documents_cancelled"), 0)
FROM "user_counters";
