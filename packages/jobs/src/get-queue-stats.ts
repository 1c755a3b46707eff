import type { PgBoss } from 'pg-boss';
import type { QueueStats } from '@docket/contracts/admin';
import { AppError } from '@docket/contracts/app-error';
import { JOB_TYPES, type JobType } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { getJobTypeStats } from './get-job-type-stats.ts';
import { presentQueueStats, RECENT_EXECUTIONS, TIMING_SAMPLE, type Execution, type TimingSample } from './present-queue-stats.ts';

type QueueStatsDeps = { db: Db; boss: PgBoss };

/** Every name GET /api/admin/queues lists, in its order: Docket's queues, then the job types. */
export const QUEUE_STATS_NAMES: readonly string[] = [...DOCKET_QUEUES, ...JOB_TYPES];

const isJobType = (name: string): name is JobType => (JOB_TYPES as readonly string[]).includes(name);

/**
 * One queue as the admin view shows it: a pg-boss queue Docket runs (its queue jobs), or a
 * job type users submit (its jobs, see getJobTypeStats). Counts are read when asked, never
 * from a cache.
 * @throws AppError not_found for any other name.
 */
export async function getQueueStats(deps: QueueStatsDeps, name: string, now: Date): Promise<QueueStats> {
  if (isJobType(name)) return getJobTypeStats(deps.db, name, now);
  if (!(DOCKET_QUEUES as readonly string[]).includes(name)) throw new AppError('not_found', `no queue named ${name}`);
  return getQueueJobStats(deps, name, now);
}

/** Every queue and job type, in QUEUE_STATS_NAMES order. */
export function listQueueStats(deps: QueueStatsDeps, now: Date): Promise<QueueStats[]> {
  return Promise.all(QUEUE_STATS_NAMES.map((name) => getQueueStats(deps, name, now)));
}

/**
 * A pg-boss queue, read from pgboss.job. Every Docket queue lives in job_common, the default
 * partition of pgboss.job (no queue is created with `partition: true`), which holds a queue
 * job until a week after it finished (deleteAfterSeconds). The counts are exact at the
 * moment of the call (pg-boss's own queue counts come from a cache its monitor refreshes):
 * - waiting, running and failed jobs from pg-boss's job_i14 (name, state, blocked,
 *   start_after) WHERE state IN (created, retry, active, failed) — an index-only scan as long
 *   as the backlog;
 * - finished jobs from job_i16 (name, completed_on) WHERE completed_on IS NOT NULL, so
 *   `completed` = finished − failed. This count grows with the week of retained jobs (no
 *   pg-boss index holds both the queue and the state of a finished job); pg-boss's cancelled
 *   state would count here too, but Docket cancels no queue job (a cancelled document's
 *   queue job runs and is skipped).
 * Timing and success rate cover the last TIMING_SAMPLE finished jobs (job_i16 from its newest
 * end); `recent_executions` are the newest started jobs (job_i15 (name, created_on) from its
 * newest end, past the backlog that has not started).
 */
async function getQueueJobStats(deps: QueueStatsDeps, name: string, now: Date): Promise<QueueStats> {
  const [schedules, counts, sample, recent, lastRun] = await Promise.all([
    deps.boss.getSchedules(name),
    deps.db.$queryRaw<{ pending: bigint; processing: bigint; failed: bigint; finished: bigint }[]>`
      WITH live AS (
        SELECT state, count(*) AS jobs FROM pgboss.job
        WHERE name = ${name} AND state IN ('created', 'retry', 'active', 'failed') GROUP BY state)
      SELECT coalesce(sum(jobs) FILTER (WHERE state IN ('created', 'retry')), 0)::int8 AS pending,
             coalesce(sum(jobs) FILTER (WHERE state = 'active'), 0)::int8 AS processing,
             coalesce(sum(jobs) FILTER (WHERE state = 'failed'), 0)::int8 AS failed,
             (SELECT count(*) FROM pgboss.job WHERE name = ${name} AND completed_on IS NOT NULL)::int8 AS finished
      FROM live`,
    deps.db.$queryRaw<TimingSample[]>`
      SELECT count(*) FILTER (WHERE state = 'completed') AS completed, count(*) FILTER (WHERE state = 'failed') AS failed,
             avg(extract(epoch FROM completed_on - started_on) * 1000)::float8 AS average_ms
      FROM (SELECT state, started_on, completed_on FROM pgboss.job
            WHERE name = ${name} AND completed_on IS NOT NULL AND state IN ('completed', 'failed') AND started_on IS NOT NULL
            ORDER BY completed_on DESC LIMIT ${TIMING_SAMPLE}) finished`,
    deps.db.$queryRaw<Execution[]>`
      SELECT id::text, state::text AS status, started_on AS started_at, completed_on AS completed_at,
             (extract(epoch FROM completed_on - started_on) * 1000)::float8 AS ms,
             CASE WHEN state = 'completed' THEN 1 ELSE 0 END AS items_processed
      FROM pgboss.job WHERE name = ${name} AND started_on IS NOT NULL
      ORDER BY created_on DESC LIMIT ${RECENT_EXECUTIONS}`,
    deps.db.$queryRaw<{ created_on: Date | null }[]>`SELECT max(created_on) AS created_on FROM pgboss.job WHERE name = ${name}`,
  ]);
  const live = counts[0]!;
  const failed = Number(live.failed);
  const schedule = schedules[0];
  return presentQueueStats({
    name,
    kind: 'queue',
    counts: { pending: Number(live.pending), processing: Number(live.processing), failed, completed: Number(live.finished) - failed },
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
