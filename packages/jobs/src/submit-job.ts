import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Job, JobType } from '@docket/contracts/jobs';
import type { Tx } from '@docket/db/create-prisma';
import { documentBlobKey } from './blob-keys.ts';
import { findIdempotentJob, IDEMPOTENCY_TTL_MS } from './idempotency-keys.ts';
import { findJobWithDocuments } from './job-rows.ts';
import type { JobDeps } from './job-deps.ts';
import { presentJob } from './present-job.ts';
import { txExecutor } from './tx-executor.ts';
import { addDelta, addUsage, applyStatDeltas, emptyDeltas } from './stat-deltas.ts';
import { addStoredBytes, checkStorageQuota, quotaError, StorageQuotaExceeded } from './storage-quota.ts';

/** An uploaded file already on local disk, type sniffed and hashed by the entry point. */
export type IncomingFile = {
  tempPath: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
};

export type SubmitJobInput = {
  /** Who submits it. */
  userId: string;
  /** The organisation it belongs to (the submitter is a member, or owns the endpoint's organisation). */
  organizationId: string;
  jobType: JobType;
  files: IncomingFile[];
  /** Idempotency-Key: the same key from the same user in the same organisation returns the first job for 24 h. */
  idempotencyKey?: string;
  /** For webhook jobs: the endpoint and its `webhook-id`; a seen id returns the first job. */
  webhook?: { endpointId: string; messageId: string };
  /** Already checked by checkCallbackUrl: where to POST the job when it is done. */
  callbackUrl?: string;
};

export type SubmitJobResult = { job: Job; replayed: boolean };

/** The domain's dependencies plus the storage quota every submission is held to. */
export type SubmitJobDeps = JobDeps & { settings: { storageQuotaBytes: number } };

/** Raised inside the transaction when a concurrent request claimed the same key first. */
class Replay extends Error {
  readonly jobId: string;
  constructor(jobId: string) {
    super('replay');
    this.jobId = jobId;
  }
}

/**
 * Accepts a submission: checks the user's storage quota, moves the files into the blob
 * store (fsynced), then in ONE transaction records the job and its documents, bumps the
 * counters, adds the bytes to the user's stored bytes (within the quota, atomically) and
 * enqueues one queue job per document. When this resolves the submission is durable
 * (docs/api.md#uploads: a 202 means the bytes and rows are committed and a queue job exists); when it
 * throws, nothing is recorded and the stored blobs are removed again. A replay (same
 * Idempotency-Key or webhook-id) returns the first job and stores nothing.
 *
 * @throws AppError payload_too_large (413) when the files would take the user past the
 *   quota, before anything is stored; the message says what is used and the limit.
 */
export async function submitJob(deps: SubmitJobDeps, input: SubmitJobInput): Promise<SubmitJobResult> {
  const now = deps.clock();
  const replayOf = await findReplay(deps, input, now);
  if (replayOf) {
    await discardTempFiles(input.files);
    deps.logger.info({ job_id: replayOf }, 'submission replayed: its first job answers');
    return { job: presentJob(await findJobWithDocuments(deps.db, { userId: input.userId }, replayOf)), replayed: true };
  }
  const { storageQuotaBytes } = deps.settings;
  const incomingBytes = input.files.reduce((sum, file) => sum + file.sizeBytes, 0);
  try {
    await checkStorageQuota(deps.db, input.organizationId, incomingBytes, storageQuotaBytes);
  } catch (error) {
    await discardTempFiles(input.files);
    throw error;
  }

  const jobId = randomUUID();
  const documents = input.files.map((file, position) => ({
    id: randomUUID(),
    position,
    file,
    blobKey: documentBlobKey(jobId, position),
  }));

  try {
    for (const document of documents) await deps.blobs.putFile(document.blobKey, document.file.tempPath);
    await deps.db.$transaction(async (tx) => {
      await claimReplayKeys(tx, input, jobId, now);
      await tx.job.create({
        data: {
          id: jobId,
          organizationId: input.organizationId,
          userId: input.userId,
          jobType: input.jobType,
          totalDocuments: documents.length,
          webhookEndpointId: input.webhook?.endpointId ?? null,
          callbackUrl: input.callbackUrl ?? null,
          createdAt: now,
          updatedAt: now,
        },
      });
      await tx.document.createMany({
        data: documents.map(({ id, position, file, blobKey }) => ({
          id,
          jobId,
          userId: input.userId,
          position,
          filename: file.filename,
          mimeType: file.mimeType,
          sizeBytes: BigInt(file.sizeBytes),
          sha256: file.sha256,
          blobKey,
          createdAt: now,
          updatedAt: now,
        })),
      });
      const deltas = emptyDeltas();
      addDelta(deltas.jobs, 'queued', 1);
      addDelta(deltas.rollup, 'queued', 1);
      addDelta(deltas.documents, 'queued', documents.length);
      addUsage(deltas, now, { jobs_submitted: 1 });
      await applyStatDeltas(tx, input, { createdAt: now, jobType: input.jobType }, deltas);
      await deps.queue.enqueueDocuments(
        txExecutor(tx),
        documents.map((document) => ({ document_id: document.id, job_id: jobId })),
      );
      await addStoredBytes(tx, input.organizationId, incomingBytes, storageQuotaBytes);
    });
  } catch (error) {
    await Promise.all(documents.map((document) => deps.blobs.delete(document.blobKey)));
    await discardTempFiles(input.files);
    if (error instanceof Replay) {
      return { job: presentJob(await findJobWithDocuments(deps.db, { userId: input.userId }, error.jobId)), replayed: true };
    }
    if (error instanceof StorageQuotaExceeded) throw quotaError(error.usedBytes, incomingBytes, storageQuotaBytes);
    throw error;
  }

  deps.logger.info({ job_id: jobId, job_type: input.jobType, documents: input.files.length, bytes: incomingBytes }, 'job submitted');
  return { job: presentJob(await findJobWithDocuments(deps.db, { userId: input.userId }, jobId)), replayed: false };
}

async function findReplay(deps: JobDeps, input: SubmitJobInput, now: Date): Promise<string | null> {
  if (input.webhook) {
    const seen = await deps.db.webhookMessage.findUnique({
      where: { endpointId_messageId: { endpointId: input.webhook.endpointId, messageId: input.webhook.messageId } },
      select: { jobId: true },
    });
    if (seen) return seen.jobId;
  }
  return input.idempotencyKey ? findIdempotentJob(deps.db, input, input.idempotencyKey, now) : null;
}

/**
 * Records the idempotency key and webhook id inside the submit transaction. The primary
 * keys make a concurrent duplicate lose the race here; an expired idempotency key is taken
 * over. Losing the race aborts the transaction with `Replay`.
 */
async function claimReplayKeys(tx: Tx, input: SubmitJobInput, jobId: string, now: Date): Promise<void> {
  if (input.webhook) {
    const inserted = await tx.$queryRaw<{ job_id: string }[]>`
      INSERT INTO webhook_messages (endpoint_id, message_id, job_id, created_at)
      VALUES (${input.webhook.endpointId}::uuid, ${input.webhook.messageId}, ${jobId}::uuid, ${now})
      ON CONFLICT (endpoint_id, message_id) DO NOTHING
      RETURNING job_id`;
    if (inserted.length === 0) throw new Replay(await winner(tx, 'webhook', input));
  }
  if (input.idempotencyKey) {
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
    const claimed = await tx.$queryRaw<{ job_id: string }[]>`
      INSERT INTO idempotency_keys AS k (organization_id, user_id, key, job_id, created_at, expires_at)
      VALUES (${input.organizationId}::uuid, ${input.userId}::uuid, ${input.idempotencyKey}, ${jobId}::uuid, ${now}, ${expiresAt})
      ON CONFLICT (organization_id, user_id, key) DO UPDATE
        SET job_id = EXCLUDED.job_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
        WHERE k.expires_at <= ${now}
      RETURNING job_id`;
    if (claimed.length === 0) throw new Replay(await winner(tx, 'idempotency', input));
  }
}

async function winner(tx: Tx, kind: 'webhook' | 'idempotency', input: SubmitJobInput): Promise<string> {
  const rows =
    kind === 'webhook'
      ? await tx.$queryRaw<{ job_id: string }[]>`
          SELECT job_id FROM webhook_messages WHERE endpoint_id = ${input.webhook!.endpointId}::uuid AND message_id = ${input.webhook!.messageId}`
      : await tx.$queryRaw<{ job_id: string }[]>`
          SELECT job_id FROM idempotency_keys
          WHERE organization_id = ${input.organizationId}::uuid AND user_id = ${input.userId}::uuid AND key = ${input.idempotencyKey!}`;
  return rows[0]!.job_id;
}

async function discardTempFiles(files: IncomingFile[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file.tempPath, { force: true })));
}
