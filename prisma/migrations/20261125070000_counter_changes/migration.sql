-- A per-user change counter: every transaction that moves a user's statistics adds one to
-- a slot, so the sum over the user's slots only ever grows. The API caches analytics
-- results and re-serves one only while this sum is unchanged.
ALTER TABLE "user_counters" ADD COLUMN "changes" BIGINT NOT NULL DEFAULT 0;
