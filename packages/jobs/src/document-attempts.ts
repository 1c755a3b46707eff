import type { DocumentMetadata } from '@docket/contracts/jobs';
import type { SqlClient, SqlPool } from '@docket/db/create-prisma';
import { Prisma, type Document as DocumentRow, type Job as JobRow } from '@docket/db/generated/prisma/client';
import { enqueueCallback } from './callbacks/enqueue-callback.ts';
import type { JobDeps } from './job-deps.ts';
import { JOB_ROW_COLUMNS } from './job-rows.ts';
import { countOutcomes, type DocumentOutcomes } from './settle-job.ts';
import { runSqlTransaction } from './sql-transaction.ts';
import { clientExecutor } from './tx-executor.ts';
import { addDelta, addUsage, emptyDeltas, moveDocuments, moveJob, statDeltaCtes, withCtes, type Cte, type StatDeltas, type StatEntry } from './stat-deltas.ts';

/** What the worker's transactions need: raw statements on the pool, the queue (completion callbacks), the clock. */
export type AttemptDeps = Pick<JobDeps, 'queue' | 'clock'> & { sql: SqlPool };

export type ClaimInput = { jobId: string; documentId: string; maxAttempts: number };

/** What processing a claimed document needs of its row. */
export type ClaimedDocument = Pick<DocumentRow, 'id' | 'jobId' | 'position' | 'mimeType' | 'blobKey'>;

export type Claim =
  | { kind: 'process'; document: ClaimedDocument; attempt: number }
  | { kind: 'skip'; reason: string; /** The document's status when it is already terminal. */ status?: DocumentRow['status'] };

/**
 * Starts one processing attempt of a document (queue delivery → `processing`). Returns
 * `skip` when there is nothing to do: the document is terminal (cancelled, or settled by an
 * earlier delivery), or its attempt budget is spent — then it is failed here with a reason,
 * because every earlier attempt died without reporting (crash, kill, timeout).
 * Redeliveries after a crash find the document still `processing` and claim it again.
 * Raw statements on the pool: BEGIN, the job and document locked and read, ONE statement for
 * the document, the job and every statistics row, COMMIT. (The worker runs claimOn in its
 * group commits, group-commit.ts.)
 */
export async function claimDocument(deps: AttemptDeps, input: ClaimInput): Promise<Claim> {
  return runSqlTransaction(deps.sql, async (client) => ({ commit: true, result: await claimOn(client, deps, input) }));
}

/**
 * claimDocument's work on an open transaction (`client`), which holds the job's lock from here
 * to its commit. With `stats`, the statistics it moves are added there for the caller to write
 * (group-commit.ts) instead of in its own statement. With `locked`, the job and document are
 * already locked and read on this transaction (lockJobsAndDocuments; null: not found).
 */
export async function claimOn(client: SqlClient, deps: Pick<AttemptDeps, 'queue' | 'clock'>, input: ClaimInput, stats?: StatEntry[], locked?: LockedPair | null): Promise<Claim> {
  const now = deps.clock();
  if (locked === undefined) locked = await lockJobAndDocument(client, input.jobId, input.documentId);
  if (!locked) return { kind: 'skip', reason: 'document no longer exists' };
  const { job, document } = locked;
  if (document.status !== 'queued' && document.status !== 'processing') {
    return { kind: 'skip', reason: `document is already ${document.status}`, status: document.status };
  }

  const deltas = emptyDeltas();
  const jobChange: JobChange = {};
  if (job.status === 'queued') {
    moveJob(deltas, 'queued', 'processing');
    jobChange.start = true;
    job.status = 'processing';
  }

  if (document.attempts >= input.maxAttempts) {
    const attempts = document.attempts;
    const error = `processing stopped ${attempts} time${attempts === 1 ? '' : 's'} without finishing (the worker crashed, was killed or lost the database); giving up`;
    moveDocuments(deltas, document.status, 'failed');
    addDelta(deltas.rollup, 'documents_failed', 1);
    const documentUpdate = Prisma.sql`UPDATE documents SET status = 'failed', error = ${error}, completed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      WHERE id = ${input.documentId}::uuid RETURNING id`;
    await settleDocuments(client, deps, job, documentUpdate, { failed: 1 }, deltas, jobChange, now, stats);
    return { kind: 'skip', reason: 'attempt budget spent' };
  }

  const documentUpdate = Prisma.sql`UPDATE documents SET status = 'processing', attempts = attempts + 1, started_at = COALESCE(started_at, ${now}::timestamptz), updated_at = ${now}::timestamptz
    WHERE id = ${input.documentId}::uuid
    RETURNING id, job_id AS "jobId", position, mime_type AS "mimeType", blob_key AS "blobKey", attempts`;
  moveDocuments(deltas, document.status, 'processing');
  const [claimed] = await runDocumentStatement<ClaimedDocument & { attempts: number }>(client, job, documentUpdate, deltas, jobChange, now, stats);
  const { attempts, ...claimedDocument } = claimed!;
  return { kind: 'process', document: claimedDocument, attempt: attempts };
}

export type DocumentOutcome =
  | {
      status: 'succeeded';
      textBlobKey: string;
      pageCount: number | null;
      wordCount: number;
      language: string;
      metadata: DocumentMetadata;
      processingMs: number;
    }
  | { status: 'failed'; error: string; processingMs: number };

export type OutcomeInput = { jobId: string; documentId: string; attempt: number; outcome: DocumentOutcome };

/**
 * Records the result of attempt `attempt`. Applied only if the document is still in that
 * attempt (a stale worker whose claim was taken over by a redelivery changes nothing), so
 * each document is counted exactly once however often its queue job runs.
 * Returns whether the result was applied.
 */
export async function recordDocumentOutcome(deps: AttemptDeps, input: OutcomeInput): Promise<boolean> {
  return runSqlTransaction(deps.sql, async (client) => {
    const applied = await recordOutcomeOn(client, deps, input);
    return { commit: applied, result: applied };
  });
}

/** recordDocumentOutcome's work on an open transaction (`client`), like claimOn's (`stats` and `locked` likewise). */
export async function recordOutcomeOn(client: SqlClient, deps: Pick<AttemptDeps, 'queue' | 'clock'>, input: OutcomeInput, stats?: StatEntry[], locked?: LockedPair | null): Promise<boolean> {
  const now = deps.clock();
  const { outcome } = input;
  if (locked === undefined) locked = await lockJobAndDocument(client, input.jobId, input.documentId);
  if (!locked) return false;
  const { job, document } = locked;
  if (document.status !== 'processing' || document.attempts !== input.attempt) return false;

  const documentUpdate =
    outcome.status === 'succeeded'
      ? Prisma.sql`UPDATE documents SET status = 'succeeded', text_blob_key = ${outcome.textBlobKey}, page_count = ${outcome.pageCount}::int,
          word_count = ${outcome.wordCount}::int, language = ${outcome.language}, metadata = ${JSON.stringify(outcome.metadata)}::jsonb,
          processing_ms = ${outcome.processingMs}::int, error = NULL, completed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
          WHERE id = ${input.documentId}::uuid RETURNING id`
      : Prisma.sql`UPDATE documents SET status = 'failed', error = ${outcome.error}, processing_ms = ${outcome.processingMs}::int,
          completed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
          WHERE id = ${input.documentId}::uuid RETURNING id`;

  const deltas = emptyDeltas();
  moveDocuments(deltas, 'processing', outcome.status);
  if (outcome.status === 'succeeded') {
    addDelta(deltas.rollup, 'documents_succeeded', 1);
    addDelta(deltas.rollup, 'pages_processed', outcome.pageCount ?? 0);
    addUsage(deltas, now, { documents_processed: 1, pages_processed: outcome.pageCount ?? 0, bytes_processed: Number(document.sizeBytes) });
  } else {
    addDelta(deltas.rollup, 'documents_failed', 1);
  }
  // Worker time is spent on failures too.
  addUsage(deltas, now, { processing_ms: outcome.processingMs });
  await settleDocuments(client, deps, job, documentUpdate, { [outcome.status]: 1 }, deltas, {}, now, stats);
  return true;
}

type LockedDocument = { status: DocumentRow['status']; attempts: number; sizeBytes: string };

/** A job and one of its documents, locked and read on a transaction. */
export type LockedPair = { job: JobRow; document: LockedDocument };

/** The job and document a claim or outcome locks. */
export type LockTarget = { jobId: string; documentId: string };

/**
 * Locks the job, then its document (the one lock order of every transaction that changes
 * them), and reads both in one statement. The document is read FOR UPDATE after the job's
 * lock is held, so it is its newest version even when a transaction that held the job's lock
 * changed it while this one waited. Null when either is gone.
 */
async function lockJobAndDocument(client: SqlClient, jobId: string, documentId: string): Promise<LockedPair | null> {
  return (await lockJobsAndDocuments(client, [{ jobId, documentId }])).get(documentId.toLowerCase()) ?? null;
}

/**
 * lockJobAndDocument for many targets in ONE statement (a group commit's, group-commit.ts):
 * every job in id order first, then the documents — still the one lock order, as a document
 * is only ever locked by a transaction that holds its job. Found pairs by document id.
 */
export async function lockJobsAndDocuments(client: SqlClient, targets: LockTarget[]): Promise<Map<string, LockedPair>> {
  const jobIds = [...new Set(targets.map((target) => target.jobId))].sort();
  const statement = Prisma.sql`
    WITH job AS MATERIALIZED (SELECT ${JOB_ROW_COLUMNS} FROM jobs WHERE id = ANY(${jobIds}::uuid[]) ORDER BY id FOR UPDATE)
    SELECT job.*, d.id::text AS "documentId", d.status AS "documentStatus", d.attempts AS "documentAttempts", d.size_bytes AS "documentSizeBytes"
    FROM job, LATERAL (SELECT id, status::text, attempts, size_bytes::text FROM documents
      WHERE id = ANY(${targets.map((target) => target.documentId)}::uuid[]) AND job_id = job.id ORDER BY id FOR UPDATE) d
    ORDER BY job.id, d.id`;
  const { rows } = await client.query<JobRow & { documentId: string; documentStatus: DocumentRow['status']; documentAttempts: number; documentSizeBytes: string }>(statement.text, statement.values);
  const locked = new Map<string, LockedPair>();
  for (const { documentId, documentStatus, documentAttempts, documentSizeBytes, ...job } of rows) {
    locked.set(documentId, { job, document: { status: documentStatus, attempts: documentAttempts, sizeBytes: documentSizeBytes } });
  }
  return locked;
}

/** What a document's transition does to its job row besides counts: `start` moves a queued job to processing. */
type JobChange = { start?: boolean; outcomes?: { counts: Pick<JobRow, 'processedCount' | 'failedCount' | 'cancelledCount'>; settled: Pick<JobRow, 'status' | 'completedAt' | 'error'> | null } };

/** Writes terminal documents (`documentUpdate`) with their job's counts, its settle and its completion callback. */
async function settleDocuments(
  client: SqlClient,
  deps: Pick<AttemptDeps, 'queue'>,
  job: JobRow,
  documentUpdate: Prisma.Sql,
  outcomes: DocumentOutcomes,
  deltas: StatDeltas,
  change: JobChange,
  now: Date,
  stats: StatEntry[] | undefined,
): Promise<void> {
  const counted = countOutcomes(job, outcomes, deltas, now);
  await runDocumentStatement(client, job, documentUpdate, deltas, { ...change, outcomes: counted }, now, stats);
  if (counted.settled) await enqueueCallback(clientExecutor(client), deps.queue, { ...job, completedAt: counted.settled.completedAt });
}

/**
 * ONE statement: the document's update, the job's (when it changes), then every statistics
 * row (statDeltaCtes, chained after them) — or, with `stats`, the deltas added there instead.
 * Returns the document update's rows.
 */
async function runDocumentStatement<T>(
  client: SqlClient,
  job: JobRow,
  documentUpdate: Prisma.Sql,
  deltas: StatDeltas,
  change: JobChange,
  now: Date,
  stats: StatEntry[] | undefined,
): Promise<T[]> {
  const ctes: Cte[] = [{ name: 'document', query: documentUpdate }];
  const sets: Prisma.Sql[] = [];
  const settled = change.outcomes?.settled;
  if (change.start) sets.push(Prisma.sql`started_at = COALESCE(started_at, ${now}::timestamptz)`);
  if (change.start && !settled) sets.push(Prisma.sql`status = 'processing'`);
  if (change.outcomes) {
    const { counts } = change.outcomes;
    sets.push(Prisma.sql`processed_count = ${counts.processedCount}::int, failed_count = ${counts.failedCount}::int, cancelled_count = ${counts.cancelledCount}::int`);
  }
  if (settled) sets.push(Prisma.sql`status = ${settled.status}::job_status, completed_at = ${settled.completedAt}::timestamptz, error = ${settled.error}`);
  if (sets.length > 0) {
    ctes.push({
      name: 'job',
      query: Prisma.sql`UPDATE jobs SET ${Prisma.join(sets, ', ')}, updated_at = ${now}::timestamptz WHERE id = ${job.id}::uuid AND EXISTS (SELECT FROM document) RETURNING 1`,
    });
  }
  if (stats) stats.push({ owner: job, key: job, deltas });
  else ctes.push(...statDeltaCtes(job, job, deltas, ctes.at(-1)!.name));
  const statement = withCtes(ctes, Prisma.sql`SELECT * FROM document`);
  const { rows } = await client.query<T & object>(statement.text, statement.values);
  return rows;
}
