import type { PgBoss } from 'pg-boss';
import type { QueueStats } from '@docket/contracts/admin';
import { AppError } from '@docket/contracts/app-error';
import type { Db } from '@docket/db/create-prisma';
import { DOCKET_QUEUES } from '@docket/queue/queues';

type Execution = { id: string; state: QueueStats['recent_executions'][number]['status']; started_on: Date | null; completed_on: Date | null; ms: number | null };

/** How many finished queue jobs the timing figures cover: recent behaviour, bounded cost. */
const SAMPLE = 1000;

/**
 * One queue as the admin view shows it: counts from pg-boss's queue statistics, timing and
 * success rate over its last SAMPLE finished jobs (pg-boss keeps finished jobs for a week),
 * the 20 newest executions, and the schedule of scheduled queues.
 * @throws AppError not_found for a queue Docket does not run.
 */
export async function getQueueStats(deps: { db: Db; boss: PgBoss }, name: string, now: Date): Promise<QueueStats> {
  if (!(DOCKET_QUEUES as readonly string[]).includes(name)) throw new AppError('not_found', `no queue named ${name}`);
  const [queue, schedules, recent, timing, lastRun] = await Promise.all([
    deps.boss.getQueue(name),
    deps.boss.getSchedules(name),
    deps.db.$queryRaw<Execution[]>`
      SELECT id::text, state::text AS state, started_on, completed_on,
             (extract(epoch FROM completed_on - started_on) * 1000)::float8 AS ms
      FROM pgboss.job WHERE name = ${name} AND started_on IS NOT NULL
      ORDER BY started_on DESC LIMIT 20`,
    deps.db.$queryRaw<{ completed: bigint; failed: bigint; average_ms: number | null }[]>`
      SELECT count(*) FILTER (WHERE state = 'completed') AS completed, count(*) FILTER (WHERE state = 'failed') AS failed,
             avg(extract(epoch FROM completed_on - started_on) * 1000)::float8 AS average_ms
      FROM (SELECT state, started_on, completed_on FROM pgboss.job
            WHERE name = ${name} AND state IN ('completed', 'failed') AND started_on IS NOT NULL
            ORDER BY completed_on DESC LIMIT ${SAMPLE}) finished`,
    deps.db.$queryRaw<{ created_on: Date }[]>`SELECT max(created_on) AS created_on FROM pgboss.job WHERE name = ${name}`,
  ]);
  const finished = timing[0]!;
  const completed = Number(finished.completed);
  const failed = Number(finished.failed);
  const schedule = schedules[0];
  const lastFinished = recent.find((execution) => execution.completed_on);
  return {
    name,
    status: (queue?.activeCount ?? 0) > 0 ? 'active' : 'idle',
    queue: {
      pending: queue?.queuedCount ?? 0,
      processing: queue?.activeCount ?? 0,
      failed: queue?.failedCount ?? failed,
      completed: Math.max(0, (queue?.totalCount ?? 0) - (queue?.queuedCount ?? 0) - (queue?.activeCount ?? 0) - (queue?.failedCount ?? 0)),
    },
    performance: {
      average_execution_ms: finished.average_ms ?? 0,
      last_execution_ms: lastFinished?.ms ?? null,
      success_rate: completed + failed ? completed / (completed + failed) : 1,
    },
    schedule: schedule
      ? {
          cron: schedule.cron,
          next_run: deps.boss.previewSchedule(schedule.cron, { tz: schedule.timezone, from: now })[0]!.toISOString(),
          last_run: lastRun[0]?.created_on?.toISOString() ?? null,
        }
      : null,
    recent_executions: recent.map((execution) => ({
      id: execution.id,
      status: execution.state,
      started_at: execution.started_on?.toISOString() ?? null,
      completed_at: execution.completed_on?.toISOString() ?? null,
      items_processed: execution.state === 'completed' ? 1 : 0,
    })),
    generated_at: now.toISOString(),
  };
}
