import os from 'node:os';
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { Db } from '@docket/db/create-prisma';
import { ExtractionError } from '@docket/extract/extraction-error';
import type { ExtractionPool } from '@docket/extract/extraction-pool';
import { claimDocument, recordDocumentOutcome, type DocumentOutcome } from '@docket/jobs/process-document';
import { recordHeartbeat, removeHeartbeat, type ActiveDocument } from '@docket/jobs/worker-heartbeats';
import { deliverCallback, type CallbackSettings } from '@docket/jobs/callbacks/deliver-callback';
import type { JobDeps } from '@docket/jobs/job-deps';
import { createJobQueue } from '@docket/queue/job-queue';
import { CALLBACK_QUEUE, EXTRACT_QUEUE, MAINTENANCE_QUEUE, type CallbackJobData, type ExtractJobData } from '@docket/queue/queues';
import { runMaintenance } from '@docket/jobs/run-maintenance';
import { textBlobKey } from '@docket/jobs/blob-keys';
import type { BlobStore } from '@docket/storage/blob-store';
import { documentKindOf } from './document-kind-of.ts';

export type WorkerDeps = {
  db: Db;
  boss: PgBoss;
  blobs: BlobStore;
  pool: ExtractionPool;
  logger: Logger;
  settings: {
    concurrency: number;
    maxAttempts: number;
    callbacks: CallbackSettings;
  };
  /** Told about every settled document (status, seconds from claim to outcome), e.g. for metrics. */
  onDocumentSettled?: (status: 'succeeded' | 'failed', seconds: number) => void;
};

export type RunningWorker = { name: string; stop(): Promise<void> };

/**
 * Consumes the document queue: one queue job per document, `concurrency` at a time.
 * Extraction runs in the pool's extractor processes; a document the extractor rejects ends
 * `failed` with the extractor's readable reason. Anything else (database unreachable, disk
 * error) is thrown so pg-boss retries the delivery with backoff.
 */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const { boss, logger, settings } = deps;
  const name = `docket@${os.hostname()}:${process.pid}`;
  const startedAt = new Date();
  // The domain's view of this process: the database and the queues transitions enqueue on.
  const jobs = { db: deps.db, queue: createJobQueue(boss) };
  const active = new Map<string, ActiveDocument>();
  const totals = { processed: 0, failed: 0 };

  // The admin view of workers reads these rows; a worker that stops beating (killed) drops out.
  const beat = () =>
    recordHeartbeat(deps.db, {
      name,
      host: os.hostname(),
      pid: process.pid,
      concurrency: settings.concurrency,
      startedAt,
      ...totals,
      memoryRssBytes: process.memoryUsage.rss(),
      active: [...active.values()],
    }).catch((error: unknown) => logger.warn({ err: error }, 'worker heartbeat failed'));
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);

  const workId = await boss.work<ExtractJobData>(
    EXTRACT_QUEUE,
    {
      localConcurrency: settings.concurrency,
      batchSize: 1,
      // The backstop of LISTEN/NOTIFY: a lost notification delays a document by at most this.
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
      // Without this a worker sleeps out its polling interval after every document, even
      // with a backlog (measured: 20 small documents took 45 s). With it, a worker keeps
      // fetching while the queue reports ready jobs.
      burstWhenReadyExceeds: 1,
    },
    async ([queueJob]) => {
      if (!queueJob) return;
      active.set(queueJob.id, { id: queueJob.id, queue: EXTRACT_QUEUE, document_id: queueJob.data.document_id, started_at: new Date().toISOString() });
      try {
        const status = await processDocument(deps, jobs, queueJob.data);
        if (status === 'succeeded') totals.processed++;
        if (status === 'failed') totals.failed++;
      } finally {
        active.delete(queueJob.id);
      }
    },
  );
  // Callbacks wait on other people's servers (up to the timeout each), not on this CPU:
  // a few at once so one slow receiver does not hold up everyone else's.
  const callbackWorkId = await boss.work<CallbackJobData>(CALLBACK_QUEUE, { localConcurrency: 4, pollingIntervalSeconds: 0.5 }, async ([queueJob]) => {
    if (!queueJob) return;
    const result = await deliverCallback(deps.db, settings.callbacks, queueJob.data);
    if (result.kind === 'failed') {
      logger.warn({ job_id: queueJob.data.job_id, message_id: queueJob.data.message_id, error: result.error }, 'callback delivery failed; will retry');
      throw new Error(result.error); // pg-boss retries with backoff
    }
    logger.info({ job_id: queueJob.data.job_id, message_id: queueJob.data.message_id, ...result }, 'callback delivery');
  });
  const maintenanceWorkId = await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    const report = await runMaintenance(deps);
    if (report.drift > 0) logger.warn({ ...report }, 'statistics drift found; run `docket reconcile --repair`');
    else logger.info({ ...report }, 'maintenance done');
    return report;
  });
  logger.info({ worker: name, concurrency: settings.concurrency }, 'worker started');

  return {
    name,
    async stop() {
      // Stop fetching and wait for documents in flight to finish; anything still running
      // when pg-boss gives up is picked up again by its heartbeat expiry.
      await boss.offWork(EXTRACT_QUEUE, { id: workId, wait: true });
      await boss.offWork(CALLBACK_QUEUE, { id: callbackWorkId, wait: true });
      await boss.offWork(MAINTENANCE_QUEUE, { id: maintenanceWorkId, wait: true });
      clearInterval(heartbeat);
      await removeHeartbeat(deps.db, name).catch(() => undefined);
      logger.info({ worker: name }, 'worker stopped');
    },
  };
}

const HEARTBEAT_MS = 5_000;

/** Processes one delivery; returns what became of the document (`skipped`: nothing to do). */
async function processDocument(deps: WorkerDeps, jobs: Pick<JobDeps, 'db' | 'queue'>, data: ExtractJobData): Promise<'succeeded' | 'failed' | 'skipped'> {
  const { blobs, pool, logger, settings } = deps;
  const claim = await claimDocument(jobs, { jobId: data.job_id, documentId: data.document_id, maxAttempts: settings.maxAttempts });
  if (claim.kind === 'skip') {
    logger.debug({ document_id: data.document_id, reason: claim.reason }, 'document skipped');
    return 'skipped';
  }

  const { document, attempt } = claim;
  const started = performance.now();
  let outcome: DocumentOutcome;
  try {
    const extraction = await blobs.withLocalFile(document.blobKey, (path) => pool.extract({ path, kind: documentKindOf(document.mimeType) }));
    const textKey = textBlobKey(document.jobId, document.position);
    await blobs.putBytes(textKey, extraction.text);
    outcome = {
      status: 'succeeded',
      textBlobKey: textKey,
      pageCount: extraction.pageCount,
      wordCount: extraction.wordCount,
      language: extraction.language,
      processingMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (!(error instanceof ExtractionError)) throw error;
    outcome = { status: 'failed', error: error.message, processingMs: Math.round(performance.now() - started) };
  }

  const applied = await recordDocumentOutcome(jobs, { jobId: data.job_id, documentId: document.id, attempt, outcome });
  if (applied) deps.onDocumentSettled?.(outcome.status, outcome.processingMs / 1000);
  logger.info(
    { document_id: document.id, job_id: data.job_id, status: outcome.status, attempt, ms: outcome.processingMs, applied },
    outcome.status === 'succeeded' ? 'document processed' : `document failed: ${outcome.status === 'failed' ? outcome.error : ''}`,
  );
  return applied ? outcome.status : 'skipped';
}
