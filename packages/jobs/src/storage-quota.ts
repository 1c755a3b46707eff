import { AppError } from '@docket/contracts/app-error';
import type { Clock } from '@docket/contracts/clock';
import type { Db, SqlQueryable } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { findIdempotentJob } from './idempotency-keys.ts';
import { COUNTER_SLOTS } from './stat-deltas.ts';

/**
 * Slot rows of an organisation's stored bytes (organization_storage), as many as the counters
 * have: a submission uses the same slot for both, so two submissions of one organisation wait
 * for each other only when they picked the same slot. Each holds an allowance,
 * a share of the room left under the quota: a submission that fits in its slot's allowance
 * locks that one row, so concurrent uploads of one organisation spread over the slots instead
 * of all waiting for one row; only one that does not fit locks every slot (shareOutStorage).
 */
export const STORAGE_SLOTS = COUNTER_SLOTS;

/** Bytes of the documents submitted to the organisation so far: the sum of its slot rows (primary-key prefix). */
export async function storedBytes(sql: SqlQueryable, organizationId: string): Promise<number> {
  const { rows } = await sql.query<{ used_bytes: string }>({
    name: 'stored-bytes',
    text: 'SELECT coalesce(sum(used_bytes), 0)::int8 AS used_bytes FROM organization_storage WHERE organization_id = $1::uuid',
    values: [organizationId],
  });
  return Number(rows[0]!.used_bytes);
}

/** Where a submission's bytes go: the organisation, a random slot, the bytes and the quota now. */
export type StorageClaim = { organizationId: string; slot: number; bytes: number; quotaBytes: number };

/**
 * The fast path as a CTE of the submit statement: adds the bytes to the claim's slot when they
 * fit in the allowance that slot was granted under the current quota, and only once `after`
 * (the CTE before it in the chain) has yielded its row. Yields one row when it took the room;
 * none sends the submission to shareOutStorage — in a new transaction: an UPDATE that waited
 * for the row and then found it no longer fits keeps the row locked, and holding one slot
 * while locking them all would deadlock against another submission doing the same.
 */
export function takeStorageCte(claim: StorageClaim, after: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE organization_storage
    SET used_bytes = used_bytes + ${claim.bytes}::bigint
    WHERE organization_id = ${claim.organizationId}::uuid AND slot = ${claim.slot}::smallint
      AND quota_bytes = ${claim.quotaBytes}::bigint AND used_bytes + ${claim.bytes}::bigint <= allowance_bytes
      AND EXISTS (SELECT FROM ${Prisma.raw(after)})
    RETURNING used_bytes`;
}

/**
 * The slow path, inside a submission's transaction that holds no storage slot yet: locks every
 * slot of the organisation (in slot order, before the statistics rows, as every submission
 * takes its storage room before moving statistics), and when the stored
 * bytes plus `bytes` fit in the quota, adds them to the claim's slot and shares the room left
 * out as equal allowances — whose sum never passes the quota, which is what keeps the fast
 * path exact. Two statements: the slot rows are created first if they are missing.
 * @returns the bytes stored before this submission, and whether it fit.
 */
export async function shareOutStorage(client: SqlQueryable, claim: StorageClaim): Promise<{ usedBytes: number; fits: boolean }> {
  const { organizationId, slot, bytes, quotaBytes } = claim;
  await client.query({
    name: 'storage-slots',
    text: 'INSERT INTO organization_storage (organization_id, slot) SELECT $1::uuid, generate_series(0, $2::int - 1) ON CONFLICT DO NOTHING',
    values: [organizationId, STORAGE_SLOTS],
  });
  const { rows } = await client.query<{ used: string; granted: string }>({
    name: 'storage-share-out',
    text: `
      WITH locked AS (
        SELECT slot, used_bytes FROM organization_storage WHERE organization_id = $1::uuid ORDER BY slot FOR UPDATE
      ), total AS (
        SELECT sum(used_bytes)::int8 AS used, count(*)::int8 AS slots FROM locked
      ), shared AS (
        UPDATE organization_storage AS s
        SET used_bytes = l.used_bytes + CASE WHEN l.slot = $2::smallint THEN $3::int8 ELSE 0 END,
            allowance_bytes = l.used_bytes + CASE WHEN l.slot = $2::smallint THEN $3::int8 ELSE 0 END + ($4::int8 - t.used - $3::int8) / t.slots,
            quota_bytes = $4::int8
        FROM locked AS l, total AS t
        WHERE s.organization_id = $1::uuid AND s.slot = l.slot AND t.used + $3::int8 <= $4::int8
        RETURNING 1
      )
      SELECT (SELECT used FROM total) AS used, (SELECT count(*) FROM shared) AS granted`,
    values: [organizationId, slot, bytes, quotaBytes],
  });
  return { usedBytes: Number(rows[0]!.used), fits: Number(rows[0]!.granted) > 0 };
}

/**
 * The room under the quota each organisation had when this process last read it, less what this
 * process accepted for it since, remembered for `ttlMs`. The check before an upload is read only
 * keeps a full account from making Docket receive and store files the submission will refuse —
 * the quota itself is the submission's exact check — so a reading a second old serves it: one
 * read per organisation a second instead of one per upload (BENCHMARKS.md). Uploads through
 * other API processes within that second are not subtracted; at worst such an upload is read
 * and then refused by the exact check, as any upload racing the quota is. At most `maxEntries`
 * organisations are held, the one remembered longest ago goes first.
 */
export type QuotaRoom = {
  /** Bytes known to be left (0 when unknown or expired). */
  left(organizationId: string): number;
  remember(organizationId: string, bytesLeft: number): void;
  /** An accepted submission's bytes. */
  spend(organizationId: string, bytes: number): void;
};

export function createQuotaRoom(clock: Clock, { ttlMs = 1000, maxEntries = 10_000 } = {}): QuotaRoom {
  const rooms = new Map<string, { bytesLeft: number; expiresAt: number }>();
  const live = (organizationId: string) => {
    const room = rooms.get(organizationId);
    return room && room.expiresAt > clock().getTime() ? room : undefined;
  };
  return {
    left: (organizationId) => live(organizationId)?.bytesLeft ?? 0,
    remember(organizationId, bytesLeft) {
      rooms.delete(organizationId);
      rooms.set(organizationId, { bytesLeft, expiresAt: clock().getTime() + ttlMs });
      // Map order is insertion order: the first key is the one remembered longest ago.
      if (rooms.size > maxEntries) rooms.delete(rooms.keys().next().value!);
    },
    spend(organizationId, bytes) {
      const room = live(organizationId);
      if (room) room.bytesLeft -= bytes;
    },
  };
}

/**
 * The check before an upload is even read: an organisation already at the quota is refused
 * at once, so a full account cannot make Docket write (and then delete) request after request of
 * files. A retry of an earlier upload under its live Idempotency-Key passes (it gets its first
 * job back). The exact check is the submission's own (takeStorageCte, shareOutStorage); `room`
 * spares the read while this process knows there is room.
 */
export async function checkUploadAllowed(
  deps: { db: Db; sql: SqlQueryable; room: QuotaRoom },
  input: { userId: string; organizationId: string; quotaBytes: number; idempotencyKey?: string; now: Date },
): Promise<void> {
  if (deps.room.left(input.organizationId) > 0) return;
  const used = await storedBytes(deps.sql, input.organizationId);
  deps.room.remember(input.organizationId, input.quotaBytes - used);
  if (used < input.quotaBytes) return;
  if (input.idempotencyKey && (await findIdempotentJob(deps.db, input, input.idempotencyKey, input.now))) return;
  throw quotaError(used, 1, input.quotaBytes);
}

/** 413 with the numbers a user needs to act: what is stored, the limit, what this request needs. */
export function quotaError(usedBytes: number, incomingBytes: number, quotaBytes: number): AppError {
  return new AppError(
    'payload_too_large',
    `storage quota exceeded: ${size(usedBytes)} of your ${size(quotaBytes)} are in use and these files need ${size(incomingBytes)} more`,
    { used_bytes: usedBytes, limit_bytes: quotaBytes, requested_bytes: incomingBytes },
  );
}

const size = (bytes: number): string => {
  const megabytes = bytes / 1024 / 1024;
  if (megabytes >= 1024) return `${Math.round((megabytes / 1024) * 10) / 10} GB`;
  if (megabytes >= 1) return `${Math.round(megabytes * 10) / 10} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
};
