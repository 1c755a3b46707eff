import { AppError } from '@docket/contracts/app-error';
import type { Db, Tx } from '@docket/db/create-prisma';
import { findIdempotentJob } from './idempotency-keys.ts';

/** Raised inside the submit transaction when a concurrent submission took the room first. */
export class StorageQuotaExceeded extends Error {
  readonly usedBytes: number;
  constructor(usedBytes: number) {
    super('storage quota exceeded');
    this.usedBytes = usedBytes;
  }
}

/** Bytes of the documents submitted to the organisation so far (organization_storage, primary-key read). */
export async function storedBytes(db: Db | Tx, organizationId: string): Promise<number> {
  const rows = await db.$queryRaw<{ used_bytes: bigint }[]>`SELECT used_bytes FROM organization_storage WHERE organization_id = ${organizationId}::uuid`;
  return Number(rows[0]?.used_bytes ?? 0n);
}

/**
 * The early check, before any byte reaches the blob store: throws 413 `payload_too_large`,
 * saying what is used and what the limit is, when `incomingBytes` would take the organisation
 * past `quotaBytes`. `addStoredBytes` repeats the check atomically inside the transaction.
 */
export async function checkStorageQuota(db: Db, organizationId: string, incomingBytes: number, quotaBytes: number): Promise<void> {
  const used = await storedBytes(db, organizationId);
  if (used + incomingBytes > quotaBytes) throw quotaError(used, incomingBytes, quotaBytes);
}

/**
 * Adds a submission's bytes to the organisation's stored bytes, only if the total stays within
 * the quota: one conditional upsert, so of two concurrent submissions that each fit alone
 * but not together, one commits and the other throws StorageQuotaExceeded (its
 * transaction then rolls back). The row lock is held to the end of the transaction: call
 * it last.
 */
export async function addStoredBytes(tx: Tx, organizationId: string, bytes: number, quotaBytes: number): Promise<void> {
  const updated = await tx.$queryRaw<{ used_bytes: bigint }[]>`
    INSERT INTO organization_storage AS s (organization_id, used_bytes)
    SELECT ${organizationId}::uuid, ${bytes}::bigint WHERE ${bytes}::bigint <= ${quotaBytes}::bigint
    ON CONFLICT (organization_id) DO UPDATE SET used_bytes = s.used_bytes + EXCLUDED.used_bytes
      WHERE s.used_bytes + EXCLUDED.used_bytes <= ${quotaBytes}::bigint
    RETURNING used_bytes`;
  if (updated.length === 0) throw new StorageQuotaExceeded(await storedBytes(tx, organizationId));
}

/**
 * The check before an upload is even read: an organisation already at the quota is refused
 * at once, so a full account cannot make Docket write (and then delete) request after request of
 * files. A retry of an earlier upload under its live Idempotency-Key passes (it gets its first
 * job back). The precise check follows once the files' sizes are known.
 */
export async function checkUploadAllowed(db: Db, input: { userId: string; organizationId: string; quotaBytes: number; idempotencyKey?: string; now: Date }): Promise<void> {
  const used = await storedBytes(db, input.organizationId);
  if (used < input.quotaBytes) return;
  if (input.idempotencyKey && (await findIdempotentJob(db, input, input.idempotencyKey, input.now))) return;
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
