import type { DocumentMetadata } from '@docket/contracts/jobs';
import type { Document as DocumentRow } from '@docket/db/generated/prisma/client';
import type { JobDeps } from './job-deps.ts';
import { lockJob } from './job-rows.ts';
import { addDocumentOutcomes } from './settle-job.ts';
import { addDelta, addUsage, applyStatDeltas, emptyDeltas, moveDocuments, moveJob } from './stat-deltas.ts';

export type ClaimInput = { jobId: string; documentId: string; maxAttempts: number };

export type Claim =
  | { kind: 'process'; document: DocumentRow; attempt: number }
  | { kind: 'skip'; reason: string; /** The document's status when it is already terminal. */ status?: DocumentRow['status'] };

/**
 * Starts one processing attempt of a document (queue delivery → `processing`). Returns
 * `skip` when there is nothing to do: the document is terminal (cancelled, or settled by an
 * earlier delivery), or its attempt budget is spent — then it is failed here with a reason,
 * because every earlier attempt died without reporting (crash, kill, timeout).
 * Redeliveries after a crash find the document still `processing` and claim it again.
 */
export async function claimDocument(deps: Pick<JobDeps, 'db' | 'queue' | 'clock'>, input: ClaimInput): Promise<Claim> {
  const now = deps.clock();
  return deps.db.$transaction(async (tx) => {
    const job = await lockJob(tx, input.jobId);
    const document = await tx.document.findUnique({ where: { id: input.documentId } });
    if (!document || document.jobId !== job.id) return { kind: 'skip', reason: 'document no longer exists' } as const;
    if (document.status !== 'queued' && document.status !== 'processing') {
      return { kind: 'skip', reason: `document is already ${document.status}`, status: document.status } as const;
    }

    const deltas = emptyDeltas();
    if (job.status === 'queued') {
      moveJob(deltas, 'queued', 'processing');
      await tx.job.update({ where: { id: job.id }, data: { status: 'processing', startedAt: job.startedAt ?? now, updatedAt: now } });
      job.status = 'processing';
    }

    if (document.attempts >= input.maxAttempts) {
      const attempts = document.attempts;
      await tx.document.update({
        where: { id: document.id },
        data: {
          status: 'failed',
          error: `processing stopped ${attempts} time${attempts === 1 ? '' : 's'} without finishing (the worker crashed, was killed or lost the database); giving up`,
          completedAt: now,
          updatedAt: now,
        },
      });
      moveDocuments(deltas, document.status, 'failed');
      addDelta(deltas.rollup, 'documents_failed', 1);
      await addDocumentOutcomes(tx, deps.queue, job, { failed: 1 }, deltas, now);
      await applyStatDeltas(tx, job, job, deltas);
      return { kind: 'skip', reason: 'attempt budget spent' } as const;
    }

    const claimed = await tx.document.update({
      where: { id: document.id },
      data: { status: 'processing', attempts: { increment: 1 }, startedAt: document.startedAt ?? now, updatedAt: now },
    });
    moveDocuments(deltas, document.status, 'processing');
    await applyStatDeltas(tx, job, job, deltas);
    return { kind: 'process', document: claimed, attempt: claimed.attempts } as const;
  });
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

/**
 * Records the result of attempt `attempt`. Applied only if the document is still in that
 * attempt (a stale worker whose claim was taken over by a redelivery changes nothing), so
 * each document is counted exactly once however often its queue job runs.
 * Returns whether the result was applied.
 */
export async function recordDocumentOutcome(
  deps: Pick<JobDeps, 'db' | 'queue' | 'clock'>,
  input: { jobId: string; documentId: string; attempt: number; outcome: DocumentOutcome },
): Promise<boolean> {
  const now = deps.clock();
  const { outcome } = input;
  return deps.db.$transaction(async (tx) => {
    const job = await lockJob(tx, input.jobId);
    const document = await tx.document.findUnique({ where: { id: input.documentId }, select: { status: true, attempts: true, sizeBytes: true } });
    if (!document || document.status !== 'processing' || document.attempts !== input.attempt) return false;

    await tx.document.update({
      where: { id: input.documentId },
      data:
        outcome.status === 'succeeded'
          ? {
              status: 'succeeded',
              textBlobKey: outcome.textBlobKey,
              pageCount: outcome.pageCount,
              wordCount: outcome.wordCount,
              language: outcome.language,
              metadata: outcome.metadata,
              processingMs: outcome.processingMs,
              error: null,
              completedAt: now,
              updatedAt: now,
            }
          : { status: 'failed', error: outcome.error, processingMs: outcome.processingMs, completedAt: now, updatedAt: now },
    });

    const deltas = emptyDeltas();
    moveDocuments(deltas, 'processing', outcome.status);
    if (outcome.status === 'succeeded') {
      addDelta(deltas.rollup, 'documents_succeeded', 1);
      addDelta(deltas.rollup, 'pages_processed', outcome.pageCount ?? 0);
      addUsage(deltas, now, {
        documents_processed: 1,
        pages_processed: outcome.pageCount ?? 0,
        bytes_processed: Number(document.sizeBytes),
      });
    } else {
      addDelta(deltas.rollup, 'documents_failed', 1);
    }
    // Worker time is spent on failures too.
    addUsage(deltas, now, { processing_ms: outcome.processingMs });
    await addDocumentOutcomes(tx, deps.queue, job, { [outcome.status]: 1 }, deltas, now);
    await applyStatDeltas(tx, job, job, deltas);
    return true;
  });
}
