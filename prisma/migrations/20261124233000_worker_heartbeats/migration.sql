-- Live worker processes for GET /api/admin/workers: each worker upserts its row every few
-- seconds and deletes it on a clean stop; a row whose heartbeat is stale belongs to a dead
-- worker and is left out of the view (and purged).

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_heartbeat_at" TIMESTAMPTZ(3) NOT NULL,
    "processed" BIGINT NOT NULL DEFAULT 0,
    "failed" BIGINT NOT NULL DEFAULT 0,
    "memory_rss_bytes" BIGINT NOT NULL DEFAULT 0,
    "active" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "worker_heartbeats_last_heartbeat_at_idx" ON "worker_heartbeats"("last_heartbeat_at");
