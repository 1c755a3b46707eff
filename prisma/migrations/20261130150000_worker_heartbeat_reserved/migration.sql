-- Documents a worker has fetched but not yet started (its prefetched batch): the admin view's `reserved`.
ALTER TABLE "worker_heartbeats" ADD COLUMN "reserved" JSONB NOT NULL DEFAULT '[]';
