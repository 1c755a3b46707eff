import type { HistoryStats } from '@docket/contracts/history';
import type { JobSummary } from '@docket/contracts/jobs';
import type { SqlPool } from '@docket/db/create-prisma';
import { isoUtc } from './sql-iso.ts';

type StatsRow = {
  jobs_queued: number;
  jobs_processing: number;
  jobs_completed: number;
  jobs_failed: number;
  jobs_cancelled: number;
  documents_total: number;
  documents_succeeded: number;
  documents_failed: number;
  recent: JobSummary[];
};

// Counter sums come back as float8 (exact for any count below 2^53) so `pg` hands out
// numbers, and the five jobs as JSON already in the contract's shape (timestamps rendered
// like Date#toISOString), so the route does no per-row work.
const STATS_SQL = `
  SELECT coalesce(sum(c.jobs_queued), 0)::float8 AS jobs_queued,
         coalesce(sum(c.jobs_processing), 0)::float8 AS jobs_processing,
         coalesce(sum(c.jobs_completed), 0)::float8 AS jobs_completed,
         coalesce(sum(c.jobs_failed), 0)::float8 AS jobs_failed,
         coalesce(sum(c.jobs_cancelled), 0)::float8 AS jobs_cancelled,
         coalesce(sum(c.documents_queued + c.documents_processing + c.documents_succeeded
                      + c.documents_failed + c.documents_cancelled), 0)::float8 AS documents_total,
         coalesce(sum(c.documents_succeeded), 0)::float8 AS documents_succeeded,
         coalesce(sum(c.documents_failed), 0)::float8 AS documents_failed,
         (SELECT coalesce(json_agg(json_build_object(
                   'id', j.id, 'job_type', j.job_type, 'status', j.status,
                   'total_documents', j.total_documents, 'processed_count', j.processed_count,
                   'failed_count', j.failed_count,
                   'started_at', ${isoUtc('j.started_at')},
                   'completed_at', ${isoUtc('j.completed_at')},
                   'created_at', ${isoUtc('j.created_at')})
                   ORDER BY j.created_at DESC, j.id DESC), '[]'::json)
          FROM (SELECT * FROM jobs WHERE user_id = $1::uuid ORDER BY created_at DESC, id DESC LIMIT 5) j) AS recent
  FROM user_counters c
  WHERE c.user_id = $1::uuid`;

/**
 * The user's dashboard numbers, exact over the whole history, in one round trip: sums of
 * the user's counter slots (a primary-key range scan of at most 16 rows on user_counters)
 * and the five newest jobs (the head of jobs_user_created_idx). Cost does not grow with the
 * number of jobs. Runs on the pool under Prisma: this is the hottest read Docket serves, and
 * Prisma's query layer cost three times the query itself (BENCHMARKS.md).
 */
export async function getHistoryStats(sql: SqlPool, userId: string): Promise<HistoryStats> {
  const { rows } = await sql.query<StatsRow>({ name: 'history-stats', text: STATS_SQL, values: [userId] });
  const { recent, ...sums } = rows[0]!;
  const jobsByStatus = {
    queued: sums.jobs_queued,
    processing: sums.jobs_processing,
    completed: sums.jobs_completed,
    failed: sums.jobs_failed,
    cancelled: sums.jobs_cancelled,
  };
  return {
    total_jobs: Object.values(jobsByStatus).reduce((total, count) => total + count, 0),
    total_documents: sums.documents_total,
    documents_processed: sums.documents_succeeded,
    documents_failed: sums.documents_failed,
    jobs_by_status: jobsByStatus,
    recent_activity: recent,
  };
}
