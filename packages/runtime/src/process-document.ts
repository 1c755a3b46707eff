import type { Logger } from 'pino';
import { DocumentMetadataSchema } from '@docket/contracts/jobs';
import { kindOfMimeType } from '@docket/extract/document-kind';
import { ExtractionError } from '@docket/extract/extraction-error';
import type { ExtractionPool } from '@docket/extract/extraction-pool';
import { textBlobKey } from '@docket/jobs/blob-keys';
import { claimOn, recordOutcomeOn, type AttemptDeps, type DocumentOutcome } from '@docket/jobs/document-attempts';
import type { GroupCommit, GroupPiece } from '@docket/jobs/group-commit';
import type { DocumentJobCompletion } from '@docket/queue/job-queue';
import type { ExtractJobData } from '@docket/queue/queues';
import type { BlobStore } from '@docket/storage/blob-store';

export type ProcessDocumentDeps = Pick<AttemptDeps, 'queue' | 'clock'> & {
  /** The worker's group commit: claims and outcomes of documents close together share a transaction. */
  commits: GroupCommit;
  blobs: BlobStore;
  pool: ExtractionPool;
  logger: Logger;
  maxAttempts: number;
  /** Told about every settled document (status, seconds from claim to outcome), e.g. for metrics. */
  onDocumentSettled?: (status: 'succeeded' | 'failed', seconds: number) => void;
};

export type DeliveryResult = 'succeeded' | 'failed' | 'skipped' | 'cancelled';
export type DeliveryHooks = {
  /** The completion of the delivery's queue job, made in the transaction that records what became of the document. */
  settle?: (result: DeliveryResult) => DocumentJobCompletion;
  /** The extractor is done with the document (storing and recording follow): its slot can take the next one. */
  extracted?: () => void;
};

/**
 * One delivery of a document's queue job: claim an attempt (claimOn's guard makes a
 * repeated delivery a no-op), extract the text in an extractor process, store it, record the
 * outcome. A document the extractor rejects ends `failed` with its readable reason; anything
 * else (database unreachable, disk error) is thrown so the queue retries the delivery.
 * The completion `hooks.settle` makes is applied in the transaction of the claim that skipped or
 * of the outcome, so the queue job is completed exactly when that commits (a crash in between
 * leaves neither).
 * @returns what became of the document (`cancelled`: its job was cancelled before this
 * delivery, which revokes it; `skipped`: nothing else to do).
 */
export async function processDocument(deps: ProcessDocumentDeps, data: ExtractJobData, hooks: DeliveryHooks = {}): Promise<DeliveryResult> {
  // The group commit completes the queue job with the others of its group, in its transaction.
  const settle = (piece: GroupPiece, result: DeliveryResult) => {
    if (hooks.settle) piece.completions.push(hooks.settle(result));
  };
  const { blobs, pool, logger } = deps;
  const target = { jobId: data.job_id, documentId: data.document_id };
  const claim = await deps.commits.run(target, async (client, piece) => {
    const claimed = await claimOn(client, deps, { ...target, maxAttempts: deps.maxAttempts }, piece.stats, piece.locked);
    if (claimed.kind === 'skip') settle(piece, claimed.status === 'cancelled' ? 'cancelled' : 'skipped');
    return claimed;
  });
  if (claim.kind === 'skip') {
    logger.debug({ document_id: data.document_id, reason: claim.reason }, 'document skipped');
    return claim.status === 'cancelled' ? 'cancelled' : 'skipped';
  }

  const { document, attempt } = claim;
  const started = performance.now();
  let outcome: DocumentOutcome;
  try {
    const extraction = await blobs
      .withLocalFile(document.blobKey, (path) => pool.extract({ path, kind: kindOfMimeType(document.mimeType) }))
      .finally(() => hooks.extracted?.());
    // A verbatim text is the uploaded file itself, durable since its upload was accepted
    // (docs/design.md#failure-behaviour): the document's text points at it, no copy is written.
    const textKey = extraction.verbatim ? document.blobKey : textBlobKey(document.jobId, document.position);
    if (!extraction.verbatim) await blobs.putBytes(textKey, extraction.text);
    outcome = {
      status: 'succeeded',
      textBlobKey: textKey,
      pageCount: extraction.pageCount,
      wordCount: extraction.wordCount,
      language: extraction.language,
      // The extractor's own record, held to the contract: unknown keys are dropped here.
      metadata: DocumentMetadataSchema.parse(extraction.metadata),
      processingMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (!(error instanceof ExtractionError)) throw error;
    outcome = { status: 'failed', error: error.message, processingMs: Math.round(performance.now() - started) };
  }

  const applied = await deps.commits.run(target, async (client, piece) => {
    const recorded = await recordOutcomeOn(client, deps, { ...target, attempt, outcome }, piece.stats, piece.locked);
    settle(piece, recorded ? outcome.status : 'skipped');
    return recorded;
  });
  if (applied) deps.onDocumentSettled?.(outcome.status, outcome.processingMs / 1000);
  logger.info(
    { document_id: document.id, job_id: data.job_id, status: outcome.status, attempt, ms: outcome.processingMs, applied },
    outcome.status === 'succeeded' ? 'document processed' : `document failed: ${outcome.status === 'failed' ? outcome.error : ''}`,
  );
  return applied ? outcome.status : 'skipped';
}
