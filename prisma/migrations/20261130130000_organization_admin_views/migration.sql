-- The admin views narrowed to one organisation (x-tenantid on GET /api/admin/...).
--
-- organization_job_type_counters: job_type_counters per organisation, so the queue stats of
-- `single`, `batch` and `webhook` stay exact and live for one organisation without counting
-- its jobs. Kept in the same transaction as every job transition, right after
-- job_type_counters (stat-deltas.ts), slotted like organization_counters. Existing rows are
-- computed from jobs.
--
-- organizations_name_id_idx: GET /api/admin/organizations lists organisations by name
-- (keyset on name, id) for the dashboard's organisation filter.

-- CreateTable
CREATE TABLE "organization_job_type_counters" (
    "organization_id" UUID NOT NULL,
    "job_type" "job_type" NOT NULL,
    "slot" SMALLINT NOT NULL,
    "jobs_queued" BIGINT NOT NULL DEFAULT 0,
    "jobs_processing" BIGINT NOT NULL DEFAULT 0,
    "jobs_completed" BIGINT NOT NULL DEFAULT 0,
    "jobs_failed" BIGINT NOT NULL DEFAULT 0,
    "jobs_cancelled" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "organization_job_type_counters_pkey" PRIMARY KEY ("organization_id","job_type","slot")
);

-- Backfill
INSERT INTO "organization_job_type_counters" ("organization_id", "job_type", "slot", "jobs_queued", "jobs_processing", "jobs_completed", "jobs_failed", "jobs_cancelled")
SELECT "organization_id", "job_type", 0,
       count(*) FILTER (WHERE "status" = 'queued'), count(*) FILTER (WHERE "status" = 'processing'),
       count(*) FILTER (WHERE "status" = 'completed'), count(*) FILTER (WHERE "status" = 'failed'),
       count(*) FILTER (WHERE "status" = 'cancelled')
FROM "jobs" GROUP BY "organization_id", "job_type";

-- CreateIndex
CREATE INDEX "organizations_name_id_idx" ON "organizations"("name", "id");
