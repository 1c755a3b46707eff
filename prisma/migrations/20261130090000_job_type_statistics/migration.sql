-- Jobs by type and status for GET /api/admin/queues/{single|batch|webhook}/stats, exact over
-- all history without counting jobs: kept in the same transaction as every job transition
-- (like system_counters) and spread over slots, so concurrent workers do not queue on one
-- row. Backfilled from the hourly rollups, which hold the same counts per job type.
-- The index serves the newest jobs of a type: the route's recent executions and its timing
-- sample (every other index on jobs starts with the user or the organisation).

-- CreateTable
CREATE TABLE "job_type_counters" (
    "job_type" "job_type" NOT NULL,
    "slot" SMALLINT NOT NULL,
    "jobs_queued" BIGINT NOT NULL DEFAULT 0,
    "jobs_processing" BIGINT NOT NULL DEFAULT 0,
    "jobs_completed" BIGINT NOT NULL DEFAULT 0,
    "jobs_failed" BIGINT NOT NULL DEFAULT 0,
    "jobs_cancelled" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "job_type_counters_pkey" PRIMARY KEY ("job_type","slot")
);

-- Backfill
INSERT INTO "job_type_counters" ("job_type", "slot", "jobs_queued", "jobs_processing", "jobs_completed", "jobs_failed", "jobs_cancelled")
SELECT "job_type", 0, sum("queued"), sum("processing"), sum("completed"), sum("failed"), sum("cancelled")
FROM "job_hourly_rollups" GROUP BY "job_type";

-- CreateIndex
CREATE INDEX "jobs_type_created_idx" ON "jobs"("job_type", "created_at" DESC, "id" DESC);
