import os from 'node:os';
import type { Logger } from 'pino';
import { createExtractionPool } from '@docket/extract/extraction-pool';
import { deliverCallback } from '@docket/jobs/callbacks/deliver-callback';
import { runMaintenance } from '@docket/jobs/run-maintenance';
import { createGroupCommit } from '@docket/jobs/group-commit';
import { clientExecutor } from '@docket/jobs/tx-executor';
import { recordHeartbeat, rememberRevoked, removeHeartbeat, type ActiveDocument, type ReservedDocument, type RevokedDocument } from '@docket/jobs/worker-heartbeats';
import { createJobQueue } from '@docket/queue/job-queue';
import { CALLBACK_QUEUE, EXTRACT_QUEUE, MAINTENANCE_QUEUE, type CallbackJobData, type ExtractJobData } from '@docket/queue/queues';
import type { Job as PgBossJob, JobResult } from 'pg-boss';
import type { Infrastructure } from './open-infrastructure.ts';
import { createSlots } from './create-slots.ts';
import { processDocument, type ProcessDocumentDeps } from './process-document.ts';
import type { WorkerSettings } from './worker-settings.ts';

export type RunningWorker = { name: string; stop(): Promise<void> };

const HEARTBEAT_MS = 5_000;
/** A change of what the worker holds (a document started or finished, one revoked) is published this soon. */
const PROMPT_BEAT_MS = 500;
/** How long a claim or outcome waits for others to share its transaction (group-commit.ts). */
const GROUP_COMMIT_WAIT_MS = 2;
/**
 * Documents started (claimed, not yet through extraction) per extractor process: one
 * extracting and the next one whose claim commits meanwhile. A claim is a commit, slower than
 * extracting a small document, so with one per extractor the extractors waited for claims
 * (BENCHMARKS.md, "Throughput: ingest, processing and scale-out").
 */
const STARTED_PER_EXTRACTOR = 2;

/**
 * A document worker in this process — the same for `pnpm worker` and the API's in-process
 * one: `WORKER_CONCURRENCY` documents at a time, each extracted in its own extractor
 * process, fetched `WORKER_BATCH_SIZE` at a time, their claims and outcomes group-committed; completion callbacks; the hourly maintenance; a heartbeat row for the admin view,
 * and this worker's name in the output pg-boss keeps of every attempt it runs.
 * `stop()` stops fetching, lets documents in flight finish (pg-boss hands back what outlives
 * its timeout), then ends the extractor processes.
 */
export async function startWorker(
  infrastructure: Infrastructure,
  settings: WorkerSettings,
  options: { logger: Logger; onDocumentSettled?: ProcessDocumentDeps['onDocumentSettled'] },
): Promise<RunningWorker> {
  const { boss, db } = infrastructure;
  const { logger } = options;
  const name = `docket@${os.hostname()}:${process.pid}`;
  const { clock } = infrastructure;
  const startedAt = clock();
  const pool = createExtractionPool({ processes: settings.WORKER_CONCURRENCY, timeoutMs: settings.EXTRACT_TIMEOUT_MS, maxMemoryMb: settings.EXTRACT_MEMORY_MB });
  // Claims and outcomes of documents finishing within a few ms share one transaction.
  const queue = createJobQueue(boss);
  const commits = createGroupCommit(infrastructure.sql, {
    maxSize: settings.WORKER_CONCURRENCY * settings.WORKER_BATCH_SIZE,
    maxWaitMs: GROUP_COMMIT_WAIT_MS,
    completeQueueJobs: (client, completions) => queue.completeDocumentJobs(clientExecutor(client), completions),
  });
  const documents: ProcessDocumentDeps = {
    commits,
    queue,
    blobs: infrastructure.blobs,
    clock: infrastructure.clock,
    pool,
    logger,
    maxAttempts: settings.MAX_ATTEMPTS,
    onDocumentSettled: options.onDocumentSettled,
  };
  const active = new Map<string, ActiveDocument>();
  const reserved = new Map<string, ReservedDocument>();
  const slots = createSlots(settings.WORKER_CONCURRENCY * STARTED_PER_EXTRACTOR);
  const totals = { processed: 0, failed: 0 };
  let revoked: RevokedDocument[] = [];

  // The admin view of workers reads these rows; a worker that stops beating (killed) drops out.
  // One beat at a time, so an older snapshot never lands after a newer one.
  let beating = Promise.resolve();
  const beat = () =>
    (beating = beating.then(() =>
      recordHeartbeat(db, {
        name,
        host: os.hostname(),
        pid: process.pid,
        concurrency: settings.WORKER_CONCURRENCY,
        startedAt,
        at: clock(),
        ...totals,
        memoryRssBytes: process.memoryUsage.rss(),
        active: [...active.values()],
        reserved: [...reserved.values()],
        revoked,
      }).catch((error: unknown) => logger.warn({ err: error }, 'worker heartbeat failed')),
    ));
  let prompt: NodeJS.Timeout | undefined;
  const beatSoon = () => {
    prompt ??= setTimeout(() => {
      prompt = undefined;
      void beat();
    }, PROMPT_BEAT_MS);
  };
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);

  // What pg-boss stores of an attempt (the job's output: the handler's result, or the error it
  // threw) names this worker, so the admin views can tell who ran a queue job and whose failed
  // attempt a waiting retry follows.
  const signed = async (run: () => Promise<object | void>): Promise<object> => {
    try {
      return { ...(await run()), worker: name };
    } catch (error) {
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { worker: name });
    }
  };

  // Each of WORKER_CONCURRENCY loops fetches WORKER_BATCH_SIZE documents at once (one fetch,
  // and one settle of their queue jobs, for the lot); they start as extraction slots free up,
  // the others waiting are this worker's `reserved`. A document's queue job is completed
  // after its outcome committed: a redelivery in between finds the outcome and does nothing.
  const workId = await boss.work<ExtractJobData>(
    EXTRACT_QUEUE,
    {
      localConcurrency: settings.WORKER_CONCURRENCY,
      batchSize: settings.WORKER_BATCH_SIZE,
      perJobResults: true,
      // The backstop of LISTEN/NOTIFY: a lost notification delays a document by at most this.
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
      // Without this a worker sleeps out its polling interval after every batch, even
      // with a backlog. With it, a loop whose last fetch came back full fetches again at once.
      // (burstWhenReadyExceeds, used before, goes by the queue's ready count, which pg-boss's
      // monitor refreshes only every monitorIntervalSeconds: a backlog that became ready
      // since was worked off at a batch per loop per polling interval meanwhile.)
      burstWhenBatchFull: true,
    },
    (queueJobs) => Promise.all(queueJobs.map((queueJob) => runDocument(queueJob))),
  );

  async function runDocument(queueJob: PgBossJob<ExtractJobData>): Promise<JobResult> {
    const { document_id, job_id } = queueJob.data;
    reserved.set(queueJob.id, { id: queueJob.id, queue: EXTRACT_QUEUE, document_id, received_at: clock().toISOString() });
    beatSoon();
    const release = await slots.acquire();
    reserved.delete(queueJob.id);
    active.set(queueJob.id, { id: queueJob.id, queue: EXTRACT_QUEUE, document_id, started_at: clock().toISOString() });
    beatSoon();
    try {
      const document = await processDocument(documents, queueJob.data, {
        settle: (result) => ({ delivery: queueJob, output: { document: result, worker: name } }),
        // The slot is the extractor's: storing the text and recording the outcome need none.
        extracted: release,
      });
      if (document === 'succeeded') totals.processed++;
      if (document === 'failed') totals.failed++;
      if (document === 'cancelled') revoked = rememberRevoked(revoked, { id: queueJob.id, queue: EXTRACT_QUEUE, document_id, job_id, at: clock().toISOString() }, clock());
      return { id: queueJob.id, status: 'completed', output: { document, worker: name } };
    } catch (error) {
      // Not the document's fault (database, disk, extractor gone): pg-boss delivers it again.
      const { name: errorName, message, stack } = error instanceof Error ? error : new Error(String(error));
      logger.warn({ err: error, document_id, job_id }, 'document delivery failed; will retry');
      return { id: queueJob.id, status: 'failed', output: { name: errorName, message, stack, worker: name } };
    } finally {
      release();
      active.delete(queueJob.id);
      beatSoon();
    }
  }
  // Callbacks wait on other people's servers (up to the timeout each), not on this CPU:
  // a few at once so one slow receiver does not hold up everyone else's.
  const callbacks = { allowPrivate: settings.CALLBACK_ALLOW_PRIVATE };
  const callbackWorkId = await boss.work<CallbackJobData>(CALLBACK_QUEUE, { localConcurrency: 4, pollingIntervalSeconds: 0.5 }, async ([queueJob]) => {
    if (!queueJob) return;
    return signed(async () => {
      const result = await deliverCallback(infrastructure, callbacks, queueJob.data);
      if (result.kind === 'failed') {
        logger.warn({ job_id: queueJob.data.job_id, message_id: queueJob.data.message_id, error: result.error }, 'callback delivery failed; will retry');
        throw new Error(result.error); // pg-boss retries with backoff
      }
      logger.info({ job_id: queueJob.data.job_id, message_id: queueJob.data.message_id, ...result }, 'callback delivery');
    });
  });
  const maintenanceWorkId = await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 5 }, () =>
    signed(async () => {
      const report = await runMaintenance(infrastructure);
      if (report.drift > 0) logger.warn({ ...report }, 'statistics drift found; run `docket reconcile --repair`');
      else logger.info({ ...report }, 'maintenance done');
      return report;
    }),
  );
  logger.info({ worker: name, concurrency: settings.WORKER_CONCURRENCY }, 'worker started');

  return {
    name,
    async stop() {
      await boss.offWork(EXTRACT_QUEUE, { id: workId, wait: true });
      await commits.drain();
      await boss.offWork(CALLBACK_QUEUE, { id: callbackWorkId, wait: true });
      await boss.offWork(MAINTENANCE_QUEUE, { id: maintenanceWorkId, wait: true });
      clearInterval(heartbeat);
      clearTimeout(prompt);
      // A beat still on its way would bring the row back after the removal.
      await beating;
      await removeHeartbeat(db, name).catch(() => undefined);
      await pool.close();
      logger.info({ worker: name }, 'worker stopped');
    },
  };
}
