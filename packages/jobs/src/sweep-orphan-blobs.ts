import type { Db } from '@docket/db/create-prisma';
import type { BlobStore } from '@docket/storage/blob-store';
import { jobIdOfBlobKey } from './blob-keys.ts';

/**
 * Blobs younger than this are never swept, row or not: a submission stores its files before
 * its transaction commits, and a worker writes a document's text before recording it.
 */
export const ORPHAN_BLOB_GRACE_MS = 60 * 60_000;
const BATCH = 500;

export type OrphanSweep = { removed: number; bytes: number };

/**
 * Removes blobs that no document row refers to — left by a process that died between
 * storing files and committing their rows, or a text whose attempt was superseded — once
 * they are older than the grace period. Streams the store's keys and asks the database
 * per batch of 500, by job id (the documents' (job_id, position) index), so memory and
 * query cost do not grow with the store. Keys outside Docket's layout are left alone.
 */
export async function sweepOrphanBlobs(deps: { db: Db; blobs: BlobStore }, now: Date, graceMs = ORPHAN_BLOB_GRACE_MS): Promise<OrphanSweep> {
  const cutoff = now.getTime() - graceMs;
  const swept: OrphanSweep = { removed: 0, bytes: 0 };
  let batch: { key: string; jobId: string }[] = [];

  const sweepBatch = async () => {
    const jobIds = [...new Set(batch.map((blob) => blob.jobId))];
    const rows = await deps.db.$queryRaw<{ blob_key: string; text_blob_key: string | null }[]>`
      SELECT blob_key, text_blob_key FROM documents WHERE job_id = ANY(${jobIds}::uuid[])`;
    const referenced = new Set(rows.flatMap((row) => [row.blob_key, row.text_blob_key]));
    for (const { key } of batch) {
      if (referenced.has(key)) continue;
      const blob = await deps.blobs.stat(key);
      if (!blob || blob.modifiedAt.getTime() >= cutoff) continue;
      await deps.blobs.delete(key);
      swept.removed++;
      swept.bytes += blob.sizeBytes;
    }
    batch = [];
  };

  for await (const key of deps.blobs.list()) {
    const jobId = jobIdOfBlobKey(key);
    if (jobId === null) continue;
    batch.push({ key, jobId });
    if (batch.length === BATCH) await sweepBatch();
  }
  if (batch.length > 0) await sweepBatch();
  return swept;
}
