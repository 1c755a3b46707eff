import type { Db } from '@docket/db/create-prisma';
import type { BlobStore } from '@docket/storage/blob-store';
import { compactRollupSlots, ROLLUP_SETTLE_HOURS } from './compact-rollups.ts';
import { reconcileStatistics } from './reconcile-statistics.ts';
import { sweepOrphanBlobs } from './sweep-orphan-blobs.ts';
import type { Clock } from '@docket/contracts/clock';

/** How long a seen webhook-id is remembered: longer than any sender retries (Standard Webhooks senders retry for ~3 days). */
export const WEBHOOK_ID_RETENTION_DAYS = 7;
const HEARTBEAT_RETENTION_HOURS = 24;

export type MaintenanceReport = {
  idempotency_keys_purged: number;
  webhook_ids_purged: number;
  heartbeats_purged: number;
  rollup_rows_compacted: number;
  orphan_blobs_removed: number;
  orphan_blob_bytes_removed: number;
  drift: number;
};

/**
 * The hourly housekeeping (the `maintenance` queue): forgets expired Idempotency-Keys,
 * webhook ids past their replay window and heartbeat rows of long-dead workers, folds the
 * rollup slots of settled hours, removes blobs no row refers to (older than an hour), then
 * checks the statistics against the rows (report only; `docket reconcile --repair` repairs).
 */
export async function runMaintenance({ db, blobs, clock }: { db: Db; blobs: BlobStore; clock: Clock }): Promise<MaintenanceReport> {
  const now = clock();
  const keys = await db.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } });
  const webhookIds = await db.webhookMessage.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - WEBHOOK_ID_RETENTION_DAYS * 86_400_000) } } });
  const heartbeats = await db.workerHeartbeat.deleteMany({ where: { lastHeartbeatAt: { lt: new Date(now.getTime() - HEARTBEAT_RETENTION_HOURS * 3_600_000) } } });
  const compacted = await compactRollupSlots(db, new Date(now.getTime() - ROLLUP_SETTLE_HOURS * 3_600_000));
  const orphans = await sweepOrphanBlobs({ db, blobs }, now);
  const { drift } = await reconcileStatistics(db, { repair: false });
  return {
    idempotency_keys_purged: keys.count,
    webhook_ids_purged: webhookIds.count,
    heartbeats_purged: heartbeats.count,
    rollup_rows_compacted: compacted,
    orphan_blobs_removed: orphans.removed,
    orphan_blob_bytes_removed: orphans.bytes,
    drift: drift.length,
  };
}
