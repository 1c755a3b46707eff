import type { QueueStats } from '@docket/contracts/admin';
import type { JobStatus, JobType } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { readJobTypeCounts } from './job-type-counters.ts';
import { presentQueueStats, RECENT_EXECUTIONS, TIMING_SAMPLE, type Execution, type TimingSample } from './present-queue-stats.ts';

/** A job's status in the queue vocabulary QueueStats speaks (pg-boss's states). */
const EXECUTION_STATUS: Record<JobStatus, Execution['status']> = {
  queued: 'created',
  processing: 'active',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * A job type users submit (`single`, `batch`, `webhook`) as a queue, system-wide or in one
 * organisation: jobs by status, exact over all history and live (job_type_counters or
 * organization_job_type_counters, kept in every transition's transaction: at most 32 rows);
 * timing and success rate over its newest TIMING_SAMPLE finished jobs (completed_at −
 * started_at); its RECENT_EXECUTIONS newest jobs, each with the documents it has finished.
 * Both lists read jobs_type_created_idx (an organisation's: jobs_org_type_created_idx) from
 * its newest end, so their cost grows with the jobs still unfinished, never with history.
 */
export async function getJobTypeStats(db: Db, jobType: JobType, now: Date, organizationId?: string): Promise<QueueStats> {
  const inOrganization = organizationId === undefined ? Prisma.empty : Prisma.sql`AND organization_id = ${organizationId}::uuid`;
  const [counts, sample, recent] = await Promise.all([
    readJobTypeCounts(db, jobType, organizationId),
    db.$queryRaw<TimingSample[]>`
      SELECT count(*) FILTER (WHERE status = 'completed') AS completed, count(*) FILTER (WHERE status = 'failed') AS failed,
             avg(extract(epoch FROM completed_at - started_at) * 1000)::float8 AS average_ms
      FROM (SELECT status, started_at, completed_at FROM jobs
            WHERE job_type = ${jobType}::job_type ${inOrganization} AND status IN ('completed', 'failed') AND started_at IS NOT NULL
            ORDER BY created_at DESC, id DESC LIMIT ${TIMING_SAMPLE}) finished`,
    db.$queryRaw<(Omit<Execution, 'status'> & { job_status: JobStatus })[]>`
      SELECT id::text, status::text AS job_status, started_at, completed_at,
             (extract(epoch FROM completed_at - started_at) * 1000)::float8 AS ms,
             processed_count + failed_count AS items_processed
      FROM jobs WHERE job_type = ${jobType}::job_type ${inOrganization}
      ORDER BY created_at DESC, id DESC LIMIT ${RECENT_EXECUTIONS}`,
  ]);
  return presentQueueStats({
    name: jobType,
    kind: 'job_type',
    counts: { pending: counts.queued, processing: counts.processing, failed: counts.failed, completed: counts.completed },
    sample: sample[0]!,
    recent: recent.map(({ job_status, ...execution }) => ({ ...execution, status: EXECUTION_STATUS[job_status] })),
    schedule: null,
    now,
  });
}
