import type { PgBoss } from 'pg-boss';
import { CALLBACK_QUEUE, EXTRACT_QUEUE, type CallbackJobData, type ExtractJobData } from './queues.ts';

/** Runs SQL on the caller's open transaction (pg-boss's `db` option). */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** Enqueues Docket's background work. Every send runs inside the caller's transaction. */
export type JobQueue = {
  /** One extraction per document. */
  enqueueDocuments(executor: SqlExecutor, documents: ExtractJobData[]): Promise<void>;
  /** The completion callback of a job that just became terminal. */
  enqueueCallback(executor: SqlExecutor, callback: CallbackJobData): Promise<void>;
};

/**
 * The pg-boss queues. Queue jobs are inserted through the caller's transaction, so they
 * commit or roll back together with the rows they are about (docs/design.md#queue: an accepted job is
 * never lost and never processed without its rows; a callback is sent exactly for the
 * transitions that committed).
 */
export function createJobQueue(boss: PgBoss): JobQueue {
  return {
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
  };
}
