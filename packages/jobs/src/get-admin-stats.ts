import type { AdminStats } from '@docket/contracts/admin';
import type { Db } from '@docket/db/create-prisma';

type Sums = Record<
  | 'jobs_queued' | 'jobs_processing' | 'jobs_completed' | 'jobs_failed' | 'jobs_cancelled'
  | 'documents_queued' | 'documents_processing' | 'documents_succeeded' | 'documents_failed' | 'documents_cancelled'
  | 'users',
  bigint
>;

/**
 * System-wide totals, exact over all history: the sum of the system_counters slots (at
 * most 32 rows, maintained with every state change) and the number of users (an
 * index-only count of the users primary key). Never a scan of jobs or documents.
 */
export async function getAdminStats(db: Db, now = new Date()): Promise<AdminStats> {
  const [sums] = await db.$queryRaw<Sums[]>`
    SELECT coalesce(sum(jobs_queued), 0)::int8 AS jobs_queued, coalesce(sum(jobs_processing), 0)::int8 AS jobs_processing,
           coalesce(sum(jobs_completed), 0)::int8 AS jobs_completed, coalesce(sum(jobs_failed), 0)::int8 AS jobs_failed,
           coalesce(sum(jobs_cancelled), 0)::int8 AS jobs_cancelled, coalesce(sum(documents_queued), 0)::int8 AS documents_queued,
           coalesce(sum(documents_processing), 0)::int8 AS documents_processing,
           coalesce(sum(documents_succeeded), 0)::int8 AS documents_succeeded,
           coalesce(sum(documents_failed), 0)::int8 AS documents_failed,
           coalesce(sum(documents_cancelled), 0)::int8 AS documents_cancelled,
           (SELECT count(*) FROM users)::int8 AS users
    FROM system_counters`;
  const value = (key: keyof Sums) => Number(sums![key]);
  const byStatus = {
    queued: value('jobs_queued'),
    running: value('jobs_processing'),
    succeeded: value('jobs_completed'),
    failed: value('jobs_failed'),
    cancelled: value('jobs_cancelled'),
  };
  const documentsByStatus = {
    queued: value('documents_queued'),
    processing: value('documents_processing'),
    succeeded: value('documents_succeeded'),
    failed: value('documents_failed'),
    cancelled: value('documents_cancelled'),
  };
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  return {
    total_jobs: total(byStatus),
    by_status: byStatus,
    total_documents: total(documentsByStatus),
    documents_by_status: documentsByStatus,
    total_users: value('users'),
    generated_at: now.toISOString(),
  };
}
