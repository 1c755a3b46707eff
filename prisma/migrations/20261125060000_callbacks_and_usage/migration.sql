-- Completion callbacks (API.md "Completion callbacks") and usage meters (API.md "Usage and
-- billing export").

-- A job may name a URL to POST its final state to.
ALTER TABLE "jobs" ADD COLUMN "callback_url" TEXT;

-- One Standard Webhooks secret per user, created on first read, replaced on rotate. Kept
-- as is: signing needs the key.
CREATE TABLE "callback_secrets" (
    "user_id" UUID NOT NULL,
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "callback_secrets_pkey" PRIMARY KEY ("user_id")
);

ALTER TABLE "callback_secrets" ADD CONSTRAINT "callback_secrets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every delivery attempt of every callback, for GET /api/jobs/{id}/deliveries.
CREATE TABLE "callback_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "response_excerpt" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "callback_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "callback_deliveries_job_id_created_at_idx" ON "callback_deliveries"("job_id", "created_at");

ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Usage meters per user and hour, slotted like job_hourly_rollups so concurrent settles of
-- one user never queue on one row; maintenance folds the slots of settled hours.
CREATE TABLE "usage_hourly" (
    "user_id" UUID NOT NULL,
    "hour_start" TIMESTAMPTZ(3) NOT NULL,
    "slot" SMALLINT NOT NULL,
    "jobs_submitted" BIGINT NOT NULL DEFAULT 0,
    "documents_processed" BIGINT NOT NULL DEFAULT 0,
    "pages_processed" BIGINT NOT NULL DEFAULT 0,
    "bytes_processed" BIGINT NOT NULL DEFAULT 0,
    "processing_ms" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_hourly_pkey" PRIMARY KEY ("user_id","hour_start","slot")
);

-- The admin export reads every user's hours of a period.
CREATE INDEX "usage_hourly_hour_start_idx" ON "usage_hourly"("hour_start");
