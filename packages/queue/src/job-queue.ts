import type { PgBoss } from 'pg-boss';
import { notifyQueue } from 'pg-boss/dist/plans.js';
import { CALLBACK_QUEUE, EXTRACT_QUEUE, type CallbackJobData, type ExtractJobData } from './queues.ts';

/** Runs SQL on the caller's open transaction (pg-boss's `db` option). */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** Enqueues Docket's background work. Every send runs inside the caller's transaction. */
export type JobQueue = {
  /** One extraction per document. Call wakeDocumentWorkers once the transaction has committed. */
  enqueueDocuments(executor: SqlExecutor, documents: ExtractJobData[]): Promise<void>;
  /**
   * Wakes idle workers for documents just committed (LISTEN/NOTIFY on pg-boss's channel), out
   * of the caller's way: never awaited, coalesced, and a lost wake-up only costs the workers'
   * poll interval (0.5 s).
   */
  wakeDocumentWorkers(): void;
  /** The completion callback of a job that just became terminal. */
  enqueueCallback(executor: SqlExecutor, callback: CallbackJobData): Promise<void>;
  /**
   * Completes documents' queue jobs inside the caller's transaction (the one recording their
   * outcomes), fenced on the attempt: a job pg-boss has meanwhile handed to another delivery
   * (expired and fetched again) is left alone. One statement per distinct output.
   */
  completeDocumentJobs(executor: SqlExecutor, completions: DocumentJobCompletion[]): Promise<void>;
};

/** A delivery of a document's queue job (its id and pg-boss's attempt) and what to store as its output. */
export type DocumentJobCompletion = { delivery: { id: string; retryCount: number }; output: object };

/**
 * The pg-boss queues. Queue jobs are inserted through the caller's transaction, so they
 * commit or roll back together with the rows they are about (docs/design.md#queue: an accepted job is
 * never lost and never processed without its rows; a callback is sent exactly for the
 * transitions that committed).
 */
export function createJobQueue(boss: PgBoss): JobQueue {
  const wake = coalescedWake(() => boss.getDb().executeSql(WAKE_DOCUMENT_WORKERS));
  return {
    wakeDocumentWorkers: wake,
    async enqueueDocuments(executor, documents) {
      if (documents.length === 0) return;
      await boss.insert(
        EXTRACT_QUEUE,
        documents.map((data) => ({ data })),
        { db: executor },
      );
    },
    async enqueueCallback(executor, callback) {
      await boss.insert(CALLBACK_QUEUE, [{ data: callback }], { db: executor });
    },
    async completeDocumentJobs(executor, completions) {
      const byOutput = new Map<string, DocumentJobCompletion[]>();
      for (const completion of completions) {
        const key = JSON.stringify(completion.output);
        byOutput.set(key, [...(byOutput.get(key) ?? []), completion]);
      }
      for (const same of byOutput.values()) {
        await boss.complete(
          EXTRACT_QUEUE,
          same.map(({ delivery }) => delivery),
          same[0]!.output,
          { db: executor },
        );
      }
    },
  };
}

/**
 * The extract queue is not a pg-boss `notify` queue (create-boss.ts): pg-boss would send its
 * NOTIFY inside the submit transaction, and PostgreSQL serialises the commits of every
 * transaction that sent one (it holds the database's notify-queue lock through the WAL
 * flush), so every upload waited for every other upload's commit (BENCHMARKS.md). The same
 * notification on the same channel, sent by itself after the commit, holds that lock for no
 * WAL flush at all.
 */
const WAKE_DOCUMENT_WORKERS = notifyQueue('pgboss', EXTRACT_QUEUE); // pg-boss's default schema, which createBoss keeps

/**
 * `send` at most once at a time: a wake-up asked for while one is on its way is sent once
 * more after it, however many were asked for. A failed send is dropped (the poll follows).
 */
function coalescedWake(send: () => Promise<unknown>): () => void {
  let sending = false;
  let again = false;
  const run = async () => {
    sending = true;
    do {
      again = false;
      await send().catch(() => undefined);
    } while (again);
    sending = false;
  };
  return () => {
    if (sending) again = true;
    else void run();
  };
}
