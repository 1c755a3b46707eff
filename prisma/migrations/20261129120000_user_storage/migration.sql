-- Storage each user holds: the bytes of every document they submitted, kept in the same
-- transaction as the job rows. The storage quota (STORAGE_QUOTA_MB) is checked against it,
-- and a submission that would pass the quota adds nothing. One row per user: the quota
-- needs one number to compare and update atomically, and submissions are not hot enough
-- per user to need the slots of user_counters. Backfilled from the documents.

-- CreateTable
CREATE TABLE "user_storage" (
    "user_id" UUID NOT NULL,
    "used_bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "user_storage_pkey" PRIMARY KEY ("user_id")
);

-- Backfill
INSERT INTO "user_storage" ("user_id", "used_bytes")
SELECT "user_id", sum("size_bytes") FROM "documents" GROUP BY "user_id";
