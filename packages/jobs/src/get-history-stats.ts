import type { HistoryStats } from '@docket/contracts/history';
import type { Db } from '@docket/db/create-prisma';
import { listRecentJobs } from './list-jobs.ts';

type CounterSums = {
  jobs_queued: bigint;
  jobs_processing: bigint;
  jobs_completed: bigint;
  jobs_failed: bigint;
  jobs_cancelled: bigint;
  documents_total: bigint;
  documents_succeeded: bigint;
  documents_failed: bigint;
};

/**
 * The user's dashboard numbers, exact over the whole history: sums of the user's counter
 * slots (a primary-key range scan of at most 16 rows on user_counters) and the five newest
 * jobs (the head of jobs_user_created_idx). Cost does not grow with the number of jobs.
 */
export async function getHistoryStats(db: Db, userId: string): Promise<HistoryStats> {
  const [sumsRows, recent] = await Promise.all([
    db.$queryRaw<CounterSums[]>`
      SELECT coalesce(sum(jobs_queued), 0)::int8 AS jobs_queued,
             coalesce(sum(jobs_processing), 0)::int8 AS jobs_processing,
             coalesce(sum(jobs_completed), 0)::int8 AS jobs_completed,
             coalesce(sum(jobs_failed), 0)::int8 AS jobs_failed,
             coalesce(sum(jobs_cancelled), 0)::int8 AS jobs_cancelled,
             coalesce(sum(documents_queued + documents_processing + documents_succeeded
                          + documents_failed + documents_cancelled), 0)::int8 AS documents_total,
             coalesce(sum(documents_succeeded), 0)::int8 AS documents_succeeded,
             coalesce(sum(documents_failed), 0)::int8 AS documents_failed
      FROM user_counters
      WHERE user_id = ${userId}::uuid`,
    listRecentJobs(db, userId),
  ]);
  const sums = sumsRows[0]!;
  const jobsByStatus = {
    queued: Number(sums.jobs_queued),
    processing: Number(sums.jobs_processing),
    completed: Number(sums.jobs_completed),
    failed: Number(sums.jobs_failed),
    cancelled: Number(sums.jobs_cancelled),
  };
  return {
    total_jobs: Object.values(jobsByStatus).reduce((total, count) => total + count, 0),
    total_documents: Number(sums.documents_total),
    documents_processed: Number(sums.documents_succeeded),
    documents_failed: Number(sums.documents_failed),
    jobs_by_status: jobsByStatus,
    recent_activity: recent,
  };
}
