import type { PgBoss } from 'pg-boss';
import type { QueueStats } from '@docket/contracts/admin';
import { AppError } from '@docket/contracts/app-error';
import { JOB_TYPES, type JobType } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { getJobTypeStats } from './get-job-type-stats.ts';
import { queueJobOfOrganization } from './organization-queue-jobs.ts';
import { presentQueueStats, RECENT_EXECUTIONS, TIMING_SAMPLE, type Execution, type TimingSample } from './present-queue-stats.ts';

type QueueStatsDeps = { db: Db; boss: PgBoss };

/** Every name GET /api/admin/queues lists, in its order: Docket's queues, then the job types. */
export const QUEUE_STATS_NAMES: readonly string[] = [...DOCKET_QUEUES, ...JOB_TYPES];

const isJobType = (name: string): name is JobType => (JOB_TYPES as readonly string[]).includes(name);

/**
 * One queue as the admin view shows it: a pg-boss queue Docket runs (its queue jobs), or a
 * job type users submit (its jobs, see getJobTypeStats). Counts are read when asked, never
 * from a cache. Narrowed to an organisation, each counts only what belongs to its jobs.
 * @throws AppError not_found for any other name.
 */
export async function getQueueStats(deps: QueueStatsDeps, name: string, now: Date, organizationId?: string): Promise<QueueStats> {
  if (isJobType(name)) return getJobTypeStats(deps.db, name, now, organizationId);
  if (!(DOCKET_QUEUES as readonly string[]).includes(name)) throw new AppError('not_found', `no queue named ${name}`);
  return getQueueJobStats(deps, name, now, organizationId);
}

/** Every queue and job type, in QUEUE_STATS_NAMES order. */
export function listQueueStats(deps: QueueStatsDeps, now: Date, organizationId?: string): Promise<QueueStats[]> {
  return Promise.all(QUEUE_STATS_NAMES.map((name) => getQueueStats(deps, name, now, organizationId)));
}

/**
 * A pg-boss queue, read from pgboss.job at the moment of the call (pg-boss's own queue
 * counts come from a cache its monitor refreshes every few seconds). Every Docket queue lives
 * in job_common, the default partition of pgboss.job (no queue is created with
 * `partition: true`), which keeps a queue job until a week after it finished
 * (deleteAfterSeconds): the counts are one grouped count by state over that week. No pg-boss
 * index holds both the queue and the state of a finished job, so for the document queue it
 * is a scan of job_common (~80 ms at 400,000 retained jobs on a 2-core machine; a
 * count of the finished ones on job_i16 measured no faster); a small queue is read through
 * its index entries. Timing and success rate cover the last TIMING_SAMPLE finished jobs
 * (job_i16 (name, completed_on) from its newest end); `recent_executions` are the newest
 * started jobs (job_i15 (name, created_on) from its newest end, past the backlog that has
 * not started). Narrowed to an organisation, every read keeps only the queue jobs of its jobs
 * (queueJobOfOrganization): the same scan, with the organisation's job ids as a hashed filter.
 */
async function getQueueJobStats(deps: QueueStatsDeps, name: string, now: Date, organizationId?: string): Promise<QueueStats> {
  const ofOrganization = queueJobOfOrganization(organizationId);
  const [schedules, counts, sample, recent, lastRun] = await Promise.all([
    deps.boss.getSchedules(name),
    deps.db.$queryRaw<{ state: string; jobs: bigint }[]>`SELECT state::text, count(*) AS jobs FROM pgboss.job WHERE name = ${name} ${ofOrganization} GROUP BY state`,
    deps.db.$queryRaw<TimingSample[]>`
      SELECT count(*) FILTER (WHERE state = 'completed') AS completed, count(*) FILTER (WHERE state = 'failed') AS failed,
             avg(extract(epoch FROM completed_on - started_on) * 1000)::float8 AS average_ms
      FROM (SELECT state, started_on, completed_on FROM pgboss.job
            WHERE name = ${name} ${ofOrganization} AND completed_on IS NOT NULL AND state IN ('completed', 'failed') AND started_on IS NOT NULL
            ORDER BY completed_on DESC LIMIT ${TIMING_SAMPLE}) finished`,
    deps.db.$queryRaw<Execution[]>`
      SELECT id::text, state::text AS status, started_on AS started_at, completed_on AS completed_at,
             (extract(epoch FROM completed_on - started_on) * 1000)::float8 AS ms,
             CASE WHEN state = 'completed' THEN 1 ELSE 0 END AS items_processed
      FROM pgboss.job WHERE name = ${name} ${ofOrganization} AND started_on IS NOT NULL
      ORDER BY created_on DESC LIMIT ${RECENT_EXECUTIONS}`,
    deps.db.$queryRaw<{ created_on: Date | null }[]>`SELECT max(created_on) AS created_on FROM pgboss.job WHERE name = ${name} ${ofOrganization}`,
  ]);
  const count = (...states: string[]) => counts.filter((row) => states.includes(row.state)).reduce((sum, row) => sum + Number(row.jobs), 0);
  const schedule = schedules[0];
  return presentQueueStats({
    name,
    kind: 'queue',
    counts: { pending: count('created', 'retry'), processing: count('active'), failed: count('failed'), completed: count('completed') },
    sample: sample[0]!,
    recent,
    schedule: schedule
      ? {
          cron: schedule.cron,
          next_run: deps.boss.previewSchedule(schedule.cron, { tz: schedule.timezone, from: now })[0]!.toISOString(),
          last_run: lastRun[0]?.created_on?.toISOString() ?? null,
        }
      : null,
    now,
  });
}
