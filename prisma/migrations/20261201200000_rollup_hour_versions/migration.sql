-- Which rollup hours each counter slot's transactions moved, so the analytics cache
-- (packages/jobs/src/get-history-analytics.ts) recomputes only the hours that can still
-- change: newest_hour is the newest rollup hour a transaction of the slot moved, and
-- late_changes counts the transactions that moved an hour older than it (or several hours at
-- once). Hours before the oldest newest_hour of a user's (organisation's) slots stay as they
-- were while no slot's late_changes moves and no slot gains a newest_hour.
-- Existing rows start without a newest_hour: their next rollup change sets it.

-- AlterTable
ALTER TABLE "user_counters" ADD COLUMN "newest_hour" TIMESTAMPTZ(3);
ALTER TABLE "user_counters" ADD COLUMN "late_changes" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "organization_counters" ADD COLUMN "newest_hour" TIMESTAMPTZ(3);
ALTER TABLE "organization_counters" ADD COLUMN "late_changes" BIGINT NOT NULL DEFAULT 0;
