import type { WorkerTask } from '@docket/contracts/admin';
import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import type { Db } from '@docket/db/create-prisma';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { queueJobOfOrganization } from './organization-queue-jobs.ts';
import { ATTEMPTS, readLiveWorkers } from './worker-heartbeats.ts';

type QueueJobRow = {
  id: string;
  queue: string;
  state: WorkerTask['state'];
  document_id: string | null;
  job_id: string | null;
  /** The worker named in the last attempt's output (its result, or the error it threw). */
  ran_by: string | null;
  attempts: number;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
};

/**
 * Celery's `query_task` for one queue job id: its queue, state and times, its document and
 * job, and the worker it belongs to — the live worker whose heartbeat lists it in flight
 * (`active`), fetched and waiting for a slot (`reserved`) or recently skipped (`revoked`); otherwise, unless it is queued or running, the
 * worker that ran its last attempt (`scheduled` while that worker is alive and the retry
 * waits). A job pg-boss is running that no heartbeat lists yet (the first beat after it
 * started is due within a second) has no worker.
 * Reads pgboss.job by its primary key (name, id), one probe per Docket queue.
 * @throws AppError not_found for an id that names no queue job of Docket's queues (pg-boss
 * keeps a finished one for a week) — with `organizationId`, also for one that is not about a
 * job of that organisation (a maintenance run is about none), not told apart from a missing one.
 */
export async function findWorkerTask(db: Db, id: string, now: Date, organizationId?: string): Promise<WorkerTask> {
  const notFound = new AppError('not_found', `no queue job with id ${id}`);
  if (!isUuid(id)) throw notFound;
  const [[task], workers] = await Promise.all([
    db.$queryRaw<QueueJobRow[]>`
      SELECT id::text, name AS queue, state::text AS state, data->>'document_id' AS document_id, data->>'job_id' AS job_id,
             output->>'worker' AS ran_by, ${ATTEMPTS} AS attempts, created_on, start_after, started_on, completed_on
      FROM pgboss.job WHERE name = ANY(${[...DOCKET_QUEUES]}::text[]) AND id = ${id}::uuid ${queueJobOfOrganization(organizationId)}`,
    readLiveWorkers(db, now),
  ]);
  if (!task) throw notFound;

  // A heartbeat can still list a job that finished since (the next beat is due within a second).
  const holder = task.state === 'active' ? workers.find((worker) => worker.active.some((document) => document.id === task.id)) : undefined;
  const reserver = task.state === 'active' && !holder ? workers.find((worker) => worker.reserved.some((document) => document.id === task.id)) : undefined;
  const revoker = workers.find((worker) => worker.revoked.some((document) => document.id === task.id));
  const ranBy = task.state === 'created' || task.state === 'active' ? null : task.ran_by;
  const worker = holder?.name ?? reserver?.name ?? revoker?.name ?? ranBy;
  const alive = workers.some((candidate) => candidate.name === worker);
  const waiting = task.state === 'retry' && task.start_after > now;
  return {
    id: task.id,
    queue: task.queue,
    state: task.state,
    worker,
    worker_alive: alive,
    listed_as: holder ? 'active' : reserver ? 'reserved' : revoker ? 'revoked' : waiting && alive ? 'scheduled' : null,
    document_id: task.document_id,
    job_id: task.job_id,
    attempts: task.attempts,
    created_at: task.created_on.toISOString(),
    start_after: task.start_after.toISOString(),
    started_at: task.started_on?.toISOString() ?? null,
    completed_at: task.completed_on?.toISOString() ?? null,
  };
}
