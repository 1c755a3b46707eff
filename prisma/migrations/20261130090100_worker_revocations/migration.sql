-- What a worker revoked lately (GET /api/admin/workers, `revoked`): the documents of
-- cancelled jobs whose queue jobs it skipped, published with its heartbeat.

-- AlterTable
ALTER TABLE "worker_heartbeats" ADD COLUMN "revoked" JSONB NOT NULL DEFAULT '[]';
