import type { PgBoss } from 'pg-boss';
import { EXTRACT_QUEUE, type ExtractJobData } from './queues.ts';

/** Runs SQL on the caller's open transaction (pg-boss's `db` option). */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** Enqueues documents for extraction. Sends inside the caller's transaction. */
export type DocumentQueue = {
  enqueue(executor: SqlExecutor, documents: ExtractJobData[]): Promise<void>;
};

/**
 * The pg-boss document queue. Queue jobs are inserted through the caller's transaction, so
 * they commit or roll back together with the job and document rows (DESIGN.md: an accepted
 * job is never lost and never processed without its rows).
 */
export function createDocumentQueue(boss: PgBoss): DocumentQueue {
  return {
    async enqueue(executor, documents) {
      if (documents.length === 0) return;
      await boss.insert(
        EXTRACT_QUEUE,
        documents.map((data) => ({ data })),
        { db: executor },
      );
    },
  };
}
