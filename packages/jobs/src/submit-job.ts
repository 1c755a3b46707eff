import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Job, JobType } from '@docket/contracts/jobs';
import type { SqlClient, SqlPool, SqlQueryable } from '@docket/db/create-prisma';
import { Prisma, type Document as DocumentRow, type Job as JobRow } from '@docket/db/generated/prisma/client';
import { documentBlobKey } from './blob-keys.ts';
import { findIdempotentJob, IDEMPOTENCY_TTL_MS } from './idempotency-keys.ts';
import { findJobWithDocuments } from './job-rows.ts';
import type { JobDeps } from './job-deps.ts';
import { presentJob } from './present-job.ts';
import { runSqlTransaction } from './sql-transaction.ts';
import { clientExecutor } from './tx-executor.ts';
import { addDelta, addUsage, emptyDeltas, randomCounterSlot, statDeltaCtes, withCtes, type Cte } from './stat-deltas.ts';
import { quotaError, shareOutStorage, takeStorageCte, type StorageClaim } from './storage-quota.ts';
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

/** The domain's dependencies, the pool under `db` (the submit transaction runs on it) and the storage quota. */
export type SubmitJobDeps = JobDeps & { sql: SqlPool; settings: { storageQuotaBytes: number } };

type NewDocument = { id: string; position: number; file: IncomingFile; blobKey: string };
type Submission = { input: SubmitJobInput; jobId: string; documents: NewDocument[]; now: Date; storage: StorageClaim };
type Recorded = { kind: 'submitted' } | { kind: 'replay'; jobId: string } | { kind: 'over-quota'; usedBytes: number };

/**
 * Accepts a submission: moves the files into the blob store (fsynced), then in ONE
 * transaction on one pooled connection — pg-boss's insert of one queue job per document and
 * one statement for everything else — claims the idempotency key or webhook id, records the
 * job and its documents, moves the counters and adds the bytes to the organisation's stored
 * bytes within the quota (exactly: concurrent submissions never pass it together). When this
 * resolves the submission is durable (docs/api.md#uploads: a 202 means the bytes and rows are
 * committed and a queue job exists); when it throws, nothing is recorded and the stored blobs
 * are removed again. A replay (same Idempotency-Key or webhook-id) returns the first job and
 * stores nothing.
 *
 * @throws AppError payload_too_large (413) when the files would take the organisation past the
 *   quota; the message says what is used and the limit.
 */
export async function submitJob(deps: SubmitJobDeps, input: SubmitJobInput): Promise<SubmitJobResult> {
  const now = deps.clock();
  const replayOf = await findReplay(deps, input, now);
  if (replayOf) {
    await discardTempFiles(input.files);
    return replayed(deps, input, replayOf);
  }
  const { storageQuotaBytes } = deps.settings;
  const incomingBytes = input.files.reduce((sum, file) => sum + file.sizeBytes, 0);
  const jobId = randomUUID();
  const documents = input.files.map((file, position) => ({ id: randomUUID(), position, file, blobKey: documentBlobKey(jobId, position) }));
  const submission: Submission = {
    input,
    jobId,
    documents,
    now,
    // One slot for the storage room and the statistics rows (storage-quota.ts).
    storage: { organizationId: input.organizationId, slot: randomCounterSlot(), bytes: incomingBytes, quotaBytes: storageQuotaBytes },
  };

  let recorded: Recorded;
  try {
    for (const document of documents) await deps.blobs.putFile(document.blobKey, document.file.tempPath);
    recorded = await recordSubmission(deps, submission);
  } catch (error) {
    await removeStored(deps, documents, input.files);
    throw error;
  }
  if (recorded.kind !== 'submitted') {
    await removeStored(deps, documents, input.files);
    if (recorded.kind === 'replay') return replayed(deps, input, recorded.jobId);
    throw quotaError(recorded.usedBytes, incomingBytes, storageQuotaBytes);
  }

  deps.queue.wakeDocumentWorkers();
  deps.logger.info({ job_id: jobId, job_type: input.jobType, documents: input.files.length, bytes: incomingBytes }, 'job submitted');
  return { job: presentJob(submittedRows(submission)), replayed: false };
}

/**
 * The submit transaction: BEGIN, the queue jobs, the submit statement, COMMIT — or ROLLBACK
 * when a concurrent request took the key first. When the bytes do not fit in the allowance of
 * the storage slot the statement picked, the transaction is rolled back (releasing every
 * lock, that slot's too) and the submission runs again on the slow path (`shareOut`).
 */
async function recordSubmission(deps: SubmitJobDeps, submission: Submission): Promise<Recorded> {
  const fast = await runSqlTransaction<Recorded | 'share-out'>(deps.sql, async (client) => {
    await enqueueDocuments(deps, client, submission);
    const { claimed, stored } = await runSubmitStatement(client, submission, { claim: true, storage: true, statistics: true });
    if (!claimed) return { commit: false, result: { kind: 'replay', jobId: await replayWinner(client, submission.input) } };
    return stored ? { commit: true, result: { kind: 'submitted' } } : { commit: false, result: 'share-out' };
  });
  return fast === 'share-out' ? shareOut(deps, submission) : fast;
}

/**
 * The slow path, in the same lock order as the fast one (keys, storage, statistics): the job
 * rows, then every storage slot of the organisation locked to check the exact sum against
 * the quota and share the room out again, then the statistics.
 */
async function shareOut(deps: SubmitJobDeps, submission: Submission): Promise<Recorded> {
  return runSqlTransaction<Recorded>(deps.sql, async (client) => {
    await enqueueDocuments(deps, client, submission);
    const { claimed } = await runSubmitStatement(client, submission, { claim: true, storage: false, statistics: false });
    if (!claimed) return { commit: false, result: { kind: 'replay', jobId: await replayWinner(client, submission.input) } };
    const { usedBytes, fits } = await shareOutStorage(client, submission.storage);
    if (!fits) return { commit: false, result: { kind: 'over-quota', usedBytes } };
    await runSubmitStatement(client, submission, { claim: false, storage: false, statistics: true });
    return { commit: true, result: { kind: 'submitted' } };
  });
}

async function enqueueDocuments(deps: SubmitJobDeps, client: SqlClient, { jobId, documents }: Submission): Promise<void> {
  await deps.queue.enqueueDocuments(
    clientExecutor(client),
    documents.map((document) => ({ document_id: document.id, job_id: jobId })),
  );
}

/** Which parts of the submission a statement records: the keys and rows, the storage fast path, the statistics. */
type StatementParts = { claim: boolean; storage: boolean; statistics: boolean };

async function runSubmitStatement(client: SqlClient, submission: Submission, parts: StatementParts): Promise<{ claimed: boolean; stored: boolean }> {
  const statement = submitStatement(submission, parts);
  const { rows } = await client.query<{ claimed: boolean; stored: boolean }>(statement.text, statement.values);
  return rows[0]!;
}

/**
 * The submit statement: chained CTEs, each taking its row FROM the one before, so a lost race
 * on the webhook id or the idempotency key (no row) records nothing further, and the rows are
 * locked in the one order of every submission: its own keys, the storage slot, the statistics
 * (statDeltaCtes). Answers whether the key was claimed and the bytes fit in the slot's allowance.
 */
function submitStatement({ input, jobId, documents, now, storage }: Submission, parts: StatementParts): Prisma.Sql {
  const ctes: Cte[] = [];
  const last = () => ctes.at(-1)?.name;
  const from = () => (ctes.length ? Prisma.raw(` FROM ${last()}`) : Prisma.empty);
  if (parts.claim && input.webhook) {
    ctes.push({
      name: 'webhook_claim',
      query: Prisma.sql`
        INSERT INTO webhook_messages (endpoint_id, message_id, job_id, created_at)
        VALUES (${input.webhook.endpointId}::uuid, ${input.webhook.messageId}, ${jobId}::uuid, ${now}::timestamptz)
        ON CONFLICT (endpoint_id, message_id) DO NOTHING
        RETURNING job_id`,
    });
  }
  if (parts.claim && input.idempotencyKey) {
    // An expired key is taken over.
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
    ctes.push({
      name: 'key_claim',
      query: Prisma.sql`
        INSERT INTO idempotency_keys AS k (organization_id, user_id, key, job_id, created_at, expires_at)
        SELECT ${input.organizationId}::uuid, ${input.userId}::uuid, ${input.idempotencyKey}::text, ${jobId}::uuid, ${now}::timestamptz, ${expiresAt}::timestamptz${from()}
        ON CONFLICT (organization_id, user_id, key) DO UPDATE
          SET job_id = EXCLUDED.job_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
          WHERE k.expires_at <= ${now}::timestamptz
        RETURNING job_id`,
    });
  }
  if (parts.claim) {
    ctes.push({
      name: 'new_job',
      query: Prisma.sql`
        INSERT INTO jobs (id, organization_id, user_id, job_type, total_documents, webhook_endpoint_id, callback_url, created_at, updated_at)
        SELECT ${jobId}::uuid, ${input.organizationId}::uuid, ${input.userId}::uuid, ${input.jobType}::job_type, ${documents.length}::int,
          ${input.webhook?.endpointId ?? null}::uuid, ${input.callbackUrl ?? null}::text, ${now}::timestamptz, ${now}::timestamptz${from()}
        RETURNING id`,
    });
    const column = <T>(pick: (document: NewDocument) => T) => documents.map(pick);
    ctes.push({
      name: 'new_documents',
      query: Prisma.sql`
        INSERT INTO documents (id, job_id, user_id, position, filename, mime_type, size_bytes, sha256, blob_key, created_at, updated_at)
        SELECT d.id, new_job.id, ${input.userId}::uuid, d.position, d.filename, d.mime_type, d.size_bytes, d.sha256, d.blob_key, ${now}::timestamptz, ${now}::timestamptz
        FROM new_job, unnest(${column((d) => d.id)}::uuid[], ${column((d) => d.position)}::int[], ${column((d) => d.file.filename)}::text[],
          ${column((d) => d.file.mimeType)}::text[], ${column((d) => d.file.sizeBytes)}::int8[], ${column((d) => d.file.sha256)}::text[],
          ${column((d) => d.blobKey)}::text[]) AS d(id, position, filename, mime_type, size_bytes, sha256, blob_key)
        RETURNING 1`,
    });
  }
  const chainEnd = parts.claim ? 'new_job' : undefined;
  if (parts.storage) ctes.push({ name: 'storage', query: takeStorageCte(storage, chainEnd!) });
  if (parts.statistics) {
    const deltas = emptyDeltas();
    addDelta(deltas.jobs, 'queued', 1);
    addDelta(deltas.rollup, 'queued', 1);
    addDelta(deltas.documents, 'queued', documents.length);
    addUsage(deltas, now, { jobs_submitted: 1 });
    ctes.push(...statDeltaCtes(input, { createdAt: now, jobType: input.jobType }, deltas, parts.storage ? 'storage' : chainEnd, storage.slot));
  }
  const claimed = parts.claim ? Prisma.sql`EXISTS (SELECT FROM new_job) AND (SELECT count(*) FROM new_documents) = ${documents.length}` : Prisma.sql`true`;
  const stored = parts.storage ? Prisma.sql`EXISTS (SELECT FROM storage)` : Prisma.sql`false`;
  const settled = parts.statistics ? Prisma.raw(`, (SELECT count(*) FROM ${last()}) AS statistics`) : Prisma.empty;
  return withCtes(ctes, Prisma.sql`SELECT ${claimed} AS claimed, ${stored} AS stored${settled}`);
}

/** The rows the submit statement wrote, as a read would return them right after the commit. */
function submittedRows({ input, jobId, documents, now }: Submission): JobRow & { documents: DocumentRow[] } {
  return {
    id: jobId,
    organizationId: input.organizationId,
    userId: input.userId,
    jobType: input.jobType,
    status: 'queued',
    totalDocuments: documents.length,
    processedCount: 0,
    failedCount: 0,
    cancelledCount: 0,
    error: null,
    webhookEndpointId: input.webhook?.endpointId ?? null,
    callbackUrl: input.callbackUrl ?? null,
    createdAt: now,
    startedAt: null,
    completedAt: null,
    updatedAt: now,
    documents: documents.map(({ id, position, file, blobKey }) => ({
      id,
      jobId,
      userId: input.userId,
      position,
      filename: file.filename,
      mimeType: file.mimeType,
      sizeBytes: BigInt(file.sizeBytes),
      sha256: file.sha256,
      status: 'queued',
      pageCount: null,
      wordCount: null,
      language: null,
      error: null,
      attempts: 0,
      blobKey,
      textBlobKey: null,
      processingMs: null,
      metadata: {},
      createdAt: now,
      startedAt: null,
      completedAt: null,
      updatedAt: now,
    })),
  };
}

async function replayed(deps: JobDeps, input: SubmitJobInput, jobId: string): Promise<SubmitJobResult> {
  deps.logger.info({ job_id: jobId }, 'submission replayed: its first job answers');
  return { job: presentJob(await findJobWithDocuments(deps.db, { userId: input.userId }, jobId)), replayed: true };
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
 * The job of the request that claimed the webhook id or idempotency key first: read by a new
 * statement on the transaction's own connection (never a second connection of the pool,
 * which a pool full of such transactions would wait for forever). The statement that lost
 * the race waited for the winner to commit, and a new statement's snapshot sees that commit.
 */
async function replayWinner(sql: SqlQueryable, input: SubmitJobInput): Promise<string> {
  const { rows } = input.webhook
    ? await sql.query<{ job_id: string }>('SELECT job_id FROM webhook_messages WHERE endpoint_id = $1::uuid AND message_id = $2', [input.webhook.endpointId, input.webhook.messageId])
    : await sql.query<{ job_id: string }>('SELECT job_id FROM idempotency_keys WHERE organization_id = $1::uuid AND user_id = $2::uuid AND key = $3', [
        input.organizationId,
        input.userId,
        input.idempotencyKey,
      ]);
  return rows[0]!.job_id;
}

async function removeStored(deps: JobDeps, documents: NewDocument[], files: IncomingFile[]): Promise<void> {
  await Promise.all(documents.map((document) => deps.blobs.delete(document.blobKey)));
  await discardTempFiles(files);
}

async function discardTempFiles(files: IncomingFile[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file.tempPath, { force: true })));
}
