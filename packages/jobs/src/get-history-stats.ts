import type { HistoryStats } from '@docket/contracts/history';
import { JOB_STATUSES, type JobStatus, type JobSummary } from '@docket/contracts/jobs';
import type { SqlPool } from '@docket/db/create-prisma';
import type { HistoryScope } from '@docket/contracts/organizations';
import { isoUtc } from './sql-iso.ts';
import { SCOPE_TABLES, type StatisticsScope } from './statistics-scope.ts';
import { DOCUMENT_COUNTER_COLUMNS, JOB_COUNTER_COLUMNS, sumsOf } from './statistics-columns.ts';

type StatsRow = Record<(typeof JOB_COUNTER_COLUMNS)[number], number> & {
  documents_total: number;
  documents_succeeded: number;
  documents_failed: number;
  recent: JobSummary[];
};

// Counter sums come back as float8 (exact for any count below 2^53) so `pg` hands out
// numbers, and the five jobs as JSON already in the contract's shape (timestamps rendered
// like Date#toISOString), so the route does no per-row work.
const statsSql = ({ counters, key }: (typeof SCOPE_TABLES)[HistoryScope]) => `
  SELECT ${sumsOf(JOB_COUNTER_COLUMNS, 'float8', 'c.')},
         coalesce(sum(${DOCUMENT_COUNTER_COLUMNS.map((column) => `c.${column}`).join(' + ')}), 0)::float8 AS documents_total,
         coalesce(sum(c.documents_succeeded), 0)::float8 AS documents_succeeded,
         coalesce(sum(c.documents_failed), 0)::float8 AS documents_failed,
         (SELECT coalesce(json_agg(json_build_object(
                   'id', j.id, 'organization_id', j.organization_id, 'user_id', j.user_id, 'job_type', j.job_type, 'status', j.status,
                   'total_documents', j.total_documents, 'processed_count', j.processed_count,
                   'failed_count', j.failed_count,
                   'started_at', ${isoUtc('j.started_at')},
                   'completed_at', ${isoUtc('j.completed_at')},
                   'created_at', ${isoUtc('j.created_at')})
                   ORDER BY j.created_at DESC, j.id DESC), '[]'::json)
          FROM (SELECT * FROM jobs WHERE ${key} = $1::uuid ORDER BY created_at DESC, id DESC LIMIT 5) j) AS recent
  FROM ${counters} c
  WHERE c.${key} = $1::uuid`;
const STATS_SQL = { user: statsSql(SCOPE_TABLES.user), organization: statsSql(SCOPE_TABLES.organization) };

/**
 * The dashboard numbers of a user or an organisation, exact over the whole history, in one
 * round trip: sums of the scope's counter slots (a primary-key range scan of at most 16 rows
 * on user_counters or organization_counters) and its five newest jobs (the head of
 * jobs_user_created_idx or jobs_org_created_idx). Cost does not grow with the number of
 * jobs. Runs on the pool under Prisma: this is the hottest read Docket serves, and Prisma's
 * query layer cost three times the query itself (BENCHMARKS.md).
 */
export async function getHistoryStats(sql: SqlPool, scope: StatisticsScope): Promise<HistoryStats> {
  const { rows } = await sql.query<StatsRow>({ name: `history-stats-${scope.kind}`, text: STATS_SQL[scope.kind], values: [scope.id] });
  const { recent, ...sums } = rows[0]!;
  const jobsByStatus = Object.fromEntries(JOB_STATUSES.map((status) => [status, sums[`jobs_${status}`]])) as Record<JobStatus, number>;
  return {
    total_jobs: Object.values(jobsByStatus).reduce((total, count) => total + count, 0),
    total_documents: sums.documents_total,
    documents_processed: sums.documents_succeeded,
    documents_failed: sums.documents_failed,
    jobs_by_status: jobsByStatus,
    recent_activity: recent,
  };
}
