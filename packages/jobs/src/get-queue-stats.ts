import type { PgBoss } from 'pg-boss';
import type { QueueStats } from '@docket/contracts/admin';
import { AppError } from '@docket/contracts/app-error';
import { JOB_TYPES, type JobType } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { getJobTypeStats } from './get-job-type-stats.ts';
import { queueJobsOf } from './organization-queue-jobs.ts';
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

/** One read of a queue's jobs: its parts come back as JSON, timestamps as text. */
type QueueJobsRead = {
  counts: { state: string; jobs: number }[];
  sample: TimingSample;
  recent: (Omit<Execution, 'started_at' | 'completed_at'> & { started_at: string | null; completed_at: string | null })[];
  last_run: Date | null;
};

const dateOrNull = (text: string | null) => (text === null ? null : new Date(text));

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
 * not started). All of it is one statement over `queue_jobs` (queueJobsOf): system-wide an
 * inlined CTE, so each part keeps its own index path; narrowed to an organisation, the
 * queue jobs of its jobs, gathered by one scan of the queue and read four times.
 */
async function getQueueJobStats(deps: QueueStatsDeps, name: string, now: Date, organizationId?: string): Promise<QueueStats> {
  const [schedules, [read]] = await Promise.all([
    deps.boss.getSchedules(name),
    deps.db.$queryRaw<QueueJobsRead[]>`
      WITH queue_jobs AS ${queueJobsOf(name, organizationId)}
      SELECT (SELECT coalesce(json_agg(c), '[]') FROM (SELECT state::text, count(*) AS jobs FROM queue_jobs GROUP BY state) c) AS counts,
             (SELECT row_to_json(s) FROM (
                SELECT count(*) FILTER (WHERE state = 'completed') AS completed, count(*) FILTER (WHERE state = 'failed') AS failed,
                       avg(extract(epoch FROM completed_on - started_on) * 1000)::float8 AS average_ms
                FROM (SELECT state, started_on, completed_on FROM queue_jobs
                      WHERE completed_on IS NOT NULL AND state IN ('completed', 'failed') AND started_on IS NOT NULL
                      ORDER BY completed_on DESC LIMIT ${TIMING_SAMPLE}) finished) s) AS sample,
             (SELECT coalesce(json_agg(r), '[]') FROM (
                SELECT id::text, state::text AS status, started_on AS started_at, completed_on AS completed_at,
                       (extract(epoch FROM completed_on - started_on) * 1000)::float8 AS ms,
                       CASE WHEN state = 'completed' THEN 1 ELSE 0 END AS items_processed
                FROM queue_jobs WHERE started_on IS NOT NULL
                ORDER BY created_on DESC LIMIT ${RECENT_EXECUTIONS}) r) AS recent,
             (SELECT max(created_on) FROM queue_jobs) AS last_run`,
  ]);
  const counts = read!.counts;
  const recent = read!.recent.map((execution) => ({ ...execution, started_at: dateOrNull(execution.started_at), completed_at: dateOrNull(execution.completed_at) }));
  const count = (...states: string[]) => counts.filter((row) => states.includes(row.state)).reduce((sum, row) => sum + Number(row.jobs), 0);
  const schedule = schedules[0];
  return presentQueueStats({
    name,
    kind: 'queue',
    counts: { pending: count('created', 'retry'), processing: count('active'), failed: count('failed'), completed: count('completed') },
    sample: read!.sample,
    recent,
    schedule: schedule
      ? {
          cron: schedule.cron,
          next_run: deps.boss.previewSchedule(schedule.cron, { tz: schedule.timezone, from: now })[0]!.toISOString(),
          last_run: read!.last_run?.toISOString() ?? null,
        }
      : null,
    now,
  });
}
