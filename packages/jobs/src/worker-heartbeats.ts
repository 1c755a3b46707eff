import type { AdminWorkers } from '@docket/contracts/admin';
import type { Db } from '@docket/db/create-prisma';

export type ActiveDocument = { id: string; queue: string; document_id: string; started_at: string };

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
};

/** A worker whose last heartbeat is older than this is dead (the admin view must drop it within 30 s). */
export const WORKER_STALE_AFTER_SECONDS = 15;

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
  };
  await db.workerHeartbeat.upsert({ where: { name: beat.name }, create: { name: beat.name, ...data }, update: data });
}

export async function removeHeartbeat(db: Db, name: string): Promise<void> {
  await db.workerHeartbeat.deleteMany({ where: { name } });
}

/**
 * The admin view of live workers (heartbeat within WORKER_STALE_AFTER_SECONDS), in the
 * shape of docs/api.md#administration. Workers fetch one document per slot and never hold queue jobs in
 * reserve, so `reserved` is empty; retries waiting out their backoff belong to the queue,
 * not to a worker, so `scheduled` is empty too; `revoked` stays empty because cancelling a
 * job never takes a document away from a worker mid-run.
 */
export async function listLiveWorkers(db: Db, now: Date): Promise<AdminWorkers> {
  const rows = await db.workerHeartbeat.findMany({
    where: { lastHeartbeatAt: { gt: new Date(now.getTime() - WORKER_STALE_AFTER_SECONDS * 1000) } },
    orderBy: { name: 'asc' },
  });
  if (rows.length === 0) return { active: null, scheduled: null, reserved: null, revoked: null, stats: null };
  const byName = <T>(value: (row: (typeof rows)[number]) => T) => Object.fromEntries(rows.map((row) => [row.name, value(row)]));
  return {
    active: byName((row) => row.active as ActiveDocument[]),
    scheduled: byName(() => []),
    reserved: byName(() => []),
    revoked: byName(() => []),
    stats: byName((row) => ({
      host: row.host,
      pid: row.pid,
      concurrency: row.concurrency,
      started_at: row.startedAt.toISOString(),
      uptime_s: Math.max(0, Math.round((now.getTime() - row.startedAt.getTime()) / 1000)),
      last_heartbeat_at: row.lastHeartbeatAt.toISOString(),
      processed: Number(row.processed),
      failed: Number(row.failed),
      memory_rss_bytes: Number(row.memoryRssBytes),
    })),
  };
}
