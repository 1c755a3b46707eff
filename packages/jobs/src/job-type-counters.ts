import type { Db, Tx } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { JOB_STATUSES, JOB_TYPES, type JobStatus, type JobType } from '@docket/contracts/jobs';
import type { Drift } from './reconcile-statistics.ts';
import { JOB_COUNTER_COLUMNS, sumsOf } from './statistics-columns.ts';

/**
 * The job-type counter tables, in the order every transaction writes them (after
 * system_counters; STAT_TABLES in stat-deltas.ts): the system-wide counts, then the
 * organisation's. `slots` spreads a busy key over rows: every worker of every user moves the system-wide ones, an organisation's
 * members move theirs (as organization_counters).
 */
export const JOB_TYPE_COUNTER_TABLES = [
  { table: 'job_type_counters', slots: 32 },
  { table: 'organization_job_type_counters', slots: 16 },
] as const;

const COLUMNS = Prisma.raw(JOB_COUNTER_COLUMNS.join(', '));
const SUMS = Prisma.raw(sumsOf(JOB_COUNTER_COLUMNS, 'int8'));
const RECOUNT = Prisma.raw(JOB_STATUSES.map((status) => `count(*) FILTER (WHERE status = '${status}')::int8 AS jobs_${status}`).join(', '));

export type JobCounts = Record<JobStatus, number>;

/** `organization_id = <id> AND` for an organisation's rows, nothing for the system-wide table. */
const ofOrganization = (organizationId: string | undefined) =>
  organizationId === undefined ? Prisma.empty : Prisma.sql`organization_id = ${organizationId}::uuid AND`;
const tableFor = (organizationId: string | undefined) => Prisma.raw(JOB_TYPE_COUNTER_TABLES[organizationId === undefined ? 0 : 1].table);

/**
 * Jobs of one type by status over all history, system-wide or in one organisation: the sum
 * of at most 32 slot rows (primary key prefix).
 */
export async function readJobTypeCounts(db: Db, jobType: JobType, organizationId?: string): Promise<JobCounts> {
  const [sums] = await db.$queryRaw<Record<string, bigint>[]>`
    SELECT ${SUMS} FROM ${tableFor(organizationId)} WHERE ${ofOrganization(organizationId)} job_type = ${jobType}::job_type`;
  return Object.fromEntries(JOB_STATUSES.map((status) => [status, Number(sums![`jobs_${status}`])])) as JobCounts;
}

/**
 * The reconcile check of the job-type counters, system-wide or of one organisation: recounts
 * the jobs by type and status, reports each type that differs and, with `repair`, replaces
 * its slot rows with the recount. The caller holds the same snapshot or lock as for the other
 * counters (reconcileStatistics).
 */
export async function reconcileJobTypeCounters(tx: Tx, repair: boolean, organizationId?: string): Promise<Drift[]> {
  const [table, where] = [tableFor(organizationId), organizationId === undefined ? Prisma.empty : Prisma.sql`WHERE organization_id = ${organizationId}::uuid`];
  const maintained = await tx.$queryRaw<Record<string, unknown>[]>`SELECT job_type::text AS job_type, ${SUMS} FROM ${table} ${where} GROUP BY job_type`;
  const recounted = await tx.$queryRaw<Record<string, unknown>[]>`SELECT job_type::text AS job_type, ${RECOUNT} FROM jobs ${where} GROUP BY job_type`;
  const describe = (rows: Record<string, unknown>[], jobType: JobType) => {
    const row = rows.find((candidate) => candidate.job_type === jobType);
    return JOB_COUNTER_COLUMNS.map((column) => `${column}=${Number(row?.[column] ?? 0)}`).join(' ');
  };
  const drift: Drift[] = [];
  for (const jobType of JOB_TYPES) {
    const have = describe(maintained, jobType);
    const want = describe(recounted, jobType);
    if (have === want) continue;
    drift.push(
      organizationId === undefined
        ? { scope: 'job type counters', key: jobType, maintained: have, recounted: want }
        : { scope: 'organization job type counters', key: `${organizationId} ${jobType}`, maintained: have, recounted: want },
    );
    if (repair) {
      const row = recounted.find((candidate) => candidate.job_type === jobType);
      const counts = Prisma.join(JOB_COUNTER_COLUMNS.map((column) => Number(row?.[column] ?? 0)));
      await tx.$executeRaw`DELETE FROM ${table} WHERE ${ofOrganization(organizationId)} job_type = ${jobType}::job_type`;
      await (organizationId === undefined
        ? tx.$executeRaw`INSERT INTO job_type_counters (job_type, slot, ${COLUMNS}) VALUES (${jobType}::job_type, 0, ${counts})`
        : tx.$executeRaw`
            INSERT INTO organization_job_type_counters (organization_id, job_type, slot, ${COLUMNS})
            VALUES (${organizationId}::uuid, ${jobType}::job_type, 0, ${counts})`);
    }
  }
  return drift;
}
