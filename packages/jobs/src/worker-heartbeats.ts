import type { AdminWorkers } from '@docket/contracts/admin';
import { isUuid } from '@docket/contracts/common';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { DOCKET_QUEUES } from '@docket/queue/queues';
import { queueJobOfOrganization } from './organization-queue-jobs.ts';

export type ActiveDocument = { id: string; queue: string; document_id: string; started_at: string };

/** A queue job the worker has fetched (in its batch) but not yet started: a reserved task. */
export type ReservedDocument = { id: string; queue: string; document_id: string; received_at: string };

/** A queue job the worker skipped because its document's job was cancelled (a revoked task). */
export type RevokedDocument = { id: string; queue: string; document_id: string; job_id: string; at: string };

export type Heartbeat = {
  name: string;
  host: string;
  pid: number;
  concurrency: number;
  startedAt: Date;
  /** When this beat was taken. */
  at: Date;
  processed: number;
  failed: number;
  memoryRssBytes: number;
  active: ActiveDocument[];
  /** Fetched, waiting for an extraction slot, in the order they will start. */
  reserved: ReservedDocument[];
  /** Newest first, at most REVOKED_LIMIT, none older than REVOKED_WINDOW_SECONDS. */
  revoked: RevokedDocument[];
};

/** A worker whose last heartbeat is older than this is dead (the admin view must drop it within 30 s). */
export const WORKER_STALE_AFTER_SECONDS = 15;
/** How long a revoked document stays in its worker's `revoked` list. */
export const REVOKED_WINDOW_SECONDS = 10 * 60;
/** The most revoked documents one worker reports (a cancelled batch holds at most MAX_FILES). */
export const REVOKED_LIMIT = 100;
/** The most retries the view lists per worker, soonest first. */
const SCHEDULED_LIMIT = 100;

/**
 * The attempts of a queue job started so far, out of pgboss.job's columns: pg-boss adds one
 * to retry_count when it starts a job that ran before (started_on set).
 */
export const ATTEMPTS = Prisma.raw('(retry_count + CASE WHEN started_on IS NULL THEN 0 ELSE 1 END)::int');

/** A worker's `revoked` list after it skipped `document`: newest first, within the window and the limit. */
export function rememberRevoked(revoked: RevokedDocument[], document: RevokedDocument, now: Date): RevokedDocument[] {
  return [document, ...withinRevokedWindow(revoked, now)].slice(0, REVOKED_LIMIT);
}

const withinRevokedWindow = (revoked: RevokedDocument[], now: Date) =>
  revoked.filter((document) => now.getTime() - Date.parse(document.at) < REVOKED_WINDOW_SECONDS * 1000);

export async function recordHeartbeat(db: Db, beat: Heartbeat): Promise<void> {
  const data = {
    host: beat.host,
    pid: beat.pid,
    concurrency: beat.concurrency,
    startedAt: beat.startedAt,
    lastHeartbeatAt: beat.at,
    processed: BigInt(beat.processed),
    failed: BigInt(beat.failed),
    memoryRssBytes: BigInt(beat.memoryRssBytes),
    active: beat.active,
    reserved: beat.reserved,
    revoked: beat.revoked,
  };
  await db.workerHeartbeat.upsert({ where: { name: beat.name }, create: { name: beat.name, ...data }, update: data });
}

export async function removeHeartbeat(db: Db, name: string): Promise<void> {
  await db.workerHeartbeat.deleteMany({ where: { name } });
}

/** A live worker as its last heartbeat row describes it, revocations older than the window left out. */
export type LiveWorker = Awaited<ReturnType<typeof readLiveWorkers>>[number];

/** Workers whose heartbeat is at most WORKER_STALE_AFTER_SECONDS old (worker_heartbeats_last_heartbeat_at_idx), by name. */
export async function readLiveWorkers(db: Db, now: Date) {
  const rows = await db.workerHeartbeat.findMany({
    where: { lastHeartbeatAt: { gt: new Date(now.getTime() - WORKER_STALE_AFTER_SECONDS * 1000) } },
    orderBy: { name: 'asc' },
  });
  return rows.map((row) => ({ ...row, active: row.active as ActiveDocument[], reserved: row.reserved as ReservedDocument[], revoked: withinRevokedWindow(row.revoked as RevokedDocument[], now) }));
}

type ScheduledRetry = Omit<NonNullable<AdminWorkers['scheduled']>[string][number], 'start_after'> & { start_after: Date; worker: string };

/**
 * Queue jobs waiting out a retry backoff (pg-boss state `retry`, start_after still ahead)
 * whose failed attempt ran on one of `workers`: the worker records its name in the error
 * pg-boss stores as the attempt's output. Served by pg-boss's job_i14 (name, state, …),
 * whose `retry` range is only the retries waiting. With `organizationId`, only those of its jobs.
 */
async function listScheduledRetries(db: Db, workers: string[], now: Date, organizationId: string | undefined): Promise<ScheduledRetry[]> {
  if (workers.length === 0) return [];
  return db.$queryRaw<ScheduledRetry[]>`
    SELECT id, queue, start_after, document_id, job_id, attempts, worker
    FROM (SELECT id::text, name AS queue, start_after, data->>'document_id' AS document_id, data->>'job_id' AS job_id,
                 ${ATTEMPTS} AS attempts, output->>'worker' AS worker,
                 row_number() OVER (PARTITION BY output->>'worker' ORDER BY start_after, id) AS position
          FROM pgboss.job
          WHERE name = ANY(${[...DOCKET_QUEUES]}::text[]) AND state = 'retry' AND start_after > ${now}
            AND output->>'worker' = ANY(${workers}::text[]) ${queueJobOfOrganization(organizationId)}) waiting
    WHERE position <= ${SCHEDULED_LIMIT}
    ORDER BY start_after, id`;
}

/**
 * Which of `ids` pg-boss is running right now (primary key probes) — with `organizationId`,
 * only those of its jobs.
 */
async function stillActive(db: Db, ids: string[], organizationId: string | undefined): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM pgboss.job
    WHERE name = ANY(${[...DOCKET_QUEUES]}::text[]) AND id = ANY(${ids}::uuid[]) AND state = 'active' ${queueJobOfOrganization(organizationId)}`;
  return new Set(rows.map((row) => row.id));
}

/** Which of `jobIds` belong to the organisation (primary key probes); all of them system-wide. */
async function jobsOfOrganization(db: Db, jobIds: string[], organizationId: string | undefined): Promise<(jobId: string) => boolean> {
  if (organizationId === undefined) return () => true;
  const uuids = jobIds.filter(isUuid);
  if (uuids.length === 0) return () => false;
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM jobs WHERE id = ANY(${uuids}::uuid[]) AND organization_id = ${organizationId}::uuid`;
  const ids = new Set(rows.map((row) => row.id));
  return (jobId) => ids.has(jobId);
}

/**
 * The admin view of live workers (heartbeat within WORKER_STALE_AFTER_SECONDS), in the
 * shape of docs/api.md#administration: documents in flight (`active`) and revoked documents
 * (`revoked`, queue job ids) as each worker's last heartbeat published them — in flight only
 * while pg-boss still runs them, since a heartbeat may be up to a beat behind; retries waiting
 * out their backoff (`scheduled`) read from the queue at the moment of the call, under the
 * worker whose attempt failed. `reserved`: documents a worker fetched with its batch
 * (WORKER_BATCH_SIZE) that wait for an extraction slot — like `active`, only while pg-boss
 * still holds them as fetched (state `active`).
 * With `organizationId` the workers and their stats are still every live worker (a worker
 * serves every organisation), but their task lists hold only the organisation's documents
 * and callbacks.
 */
export async function listLiveWorkers(db: Db, now: Date, organizationId?: string): Promise<AdminWorkers> {
  const workers = await readLiveWorkers(db, now);
  if (workers.length === 0) return { active: null, scheduled: null, reserved: null, revoked: null, stats: null };
  const [retries, running, isOrganizationJob] = await Promise.all([
    listScheduledRetries(
      db,
      workers.map((worker) => worker.name),
      now,
      organizationId,
    ),
    stillActive(
      db,
      workers.flatMap((worker) => [...worker.active, ...worker.reserved].map((document) => document.id)),
      organizationId,
    ),
    jobsOfOrganization(
      db,
      workers.flatMap((worker) => worker.revoked.map((document) => document.job_id)),
      organizationId,
    ),
  ]);
  const byName = <T>(value: (worker: LiveWorker) => T) => Object.fromEntries(workers.map((worker) => [worker.name, value(worker)]));
  return {
    active: byName((worker) => worker.active.filter((document) => running.has(document.id))),
    scheduled: byName((worker) =>
      retries.filter((retry) => retry.worker === worker.name).map(({ worker: _worker, start_after, ...retry }) => ({ ...retry, start_after: start_after.toISOString() })),
    ),
    reserved: byName((worker) => worker.reserved.filter((document) => running.has(document.id))),
    revoked: byName((worker) => worker.revoked.filter((document) => isOrganizationJob(document.job_id)).map((document) => document.id)),
    stats: byName((worker) => ({
      host: worker.host,
      pid: worker.pid,
      concurrency: worker.concurrency,
      started_at: worker.startedAt.toISOString(),
      uptime_s: Math.max(0, Math.round((now.getTime() - worker.startedAt.getTime()) / 1000)),
      last_heartbeat_at: worker.lastHeartbeatAt.toISOString(),
      processed: Number(worker.processed),
      failed: Number(worker.failed),
      memory_rss_bytes: Number(worker.memoryRssBytes),
    })),
  };
}
