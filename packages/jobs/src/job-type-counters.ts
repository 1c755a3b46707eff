import type { Db, Tx } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { JOB_STATUSES, JOB_TYPES, type JobStatus, type JobType } from '@docket/contracts/jobs';
import type { Drift } from './reconcile-statistics.ts';
import { JOB_COUNTER_COLUMNS, sumsOf } from './statistics-columns.ts';

/** Slots per job type: every worker of every user moves these rows, as it does system_counters'. */
export const JOB_TYPE_COUNTER_SLOTS = 32;

const COLUMNS = Prisma.raw(JOB_COUNTER_COLUMNS.join(', '));
const SUMS = Prisma.raw(sumsOf(JOB_COUNTER_COLUMNS, 'int8'));
const RECOUNT = Prisma.raw(JOB_STATUSES.map((status) => `count(*) FILTER (WHERE status = '${status}')::int8 AS jobs_${status}`).join(', '));

export type JobCounts = Record<JobStatus, number>;

/** Jobs of one type by status over all history: the sum of at most 32 slot rows (primary key prefix). */
export async function readJobTypeCounts(db: Db, jobType: JobType): Promise<JobCounts> {
  const [sums] = await db.$queryRaw<Record<string, bigint>[]>`SELECT ${SUMS} FROM job_type_counters WHERE job_type = ${jobType}::job_type`;
  return Object.fromEntries(JOB_STATUSES.map((status) => [status, Number(sums![`jobs_${status}`])])) as JobCounts;
}

/**
 * The reconcile check of the job-type counters: recounts jobs by type and status, reports
 * each type that differs and, with `repair`, replaces its slot rows with the recount. The
 * caller holds the same snapshot or lock as for system_counters (reconcileStatistics).
 */
export async function reconcileJobTypeCounters(tx: Tx, repair: boolean): Promise<Drift[]> {
  const maintained = await tx.$queryRaw<Record<string, unknown>[]>`SELECT job_type::text AS job_type, ${SUMS} FROM job_type_counters GROUP BY job_type`;
  const recounted = await tx.$queryRaw<Record<string, unknown>[]>`SELECT job_type::text AS job_type, ${RECOUNT} FROM jobs GROUP BY job_type`;
  const describe = (rows: Record<string, unknown>[], jobType: JobType) => {
    const row = rows.find((candidate) => candidate.job_type === jobType);
    return JOB_COUNTER_COLUMNS.map((column) => `${column}=${Number(row?.[column] ?? 0)}`).join(' ');
  };
  const drift: Drift[] = [];
  for (const jobType of JOB_TYPES) {
    const have = describe(maintained, jobType);
    const want = describe(recounted, jobType);
    if (have === want) continue;
    drift.push({ scope: 'job type counters', key: jobType, maintained: have, recounted: want });
    if (repair) {
      const row = recounted.find((candidate) => candidate.job_type === jobType);
      await tx.$executeRaw`DELETE FROM job_type_counters WHERE job_type = ${jobType}::job_type`;
      await tx.$executeRaw`
        INSERT INTO job_type_counters (job_type, slot, ${COLUMNS})
        VALUES (${jobType}::job_type, 0, ${Prisma.join(JOB_COUNTER_COLUMNS.map((column) => Number(row?.[column] ?? 0)))})`;
    }
  }
  return drift;
}
