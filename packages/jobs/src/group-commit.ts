import type { SqlClient, SqlPool } from '@docket/db/create-prisma';
import type { DocumentJobCompletion } from '@docket/queue/job-queue';
import { lockJobsAndDocuments, type LockedPair, type LockTarget } from './document-attempts.ts';
import { runSqlTransaction } from './sql-transaction.ts';
import { batchedStatDeltaCtes, withCtes, type StatEntry } from './stat-deltas.ts';
import { Prisma } from '@docket/db/generated/prisma/client';

/** What a piece of a group's work is handed besides the transaction's client. */
export type GroupPiece = {
  /**
   * What the piece moves in the statistics it adds here instead of writing it: the group
   * writes them all in one statement after the last piece, in the global lock order
   * (batchedStatDeltaCtes).
   */
  stats: StatEntry[];
  /**
   * Its target, locked and read by the group (null: not found); undefined when another piece
   * of the group has the same job, which that piece may change first — then the piece locks
   * and reads its target itself.
   */
  locked: LockedPair | null | undefined;
  /** Queue jobs to complete in the group's transaction: the group completes them all after its pieces. */
  completions: DocumentJobCompletion[];
};

export type GroupWork<T> = (client: SqlClient, piece: GroupPiece) => Promise<T>;

/** Runs short pieces of work of one process together, in one transaction and one commit. */
export type GroupCommit = {
  /**
   * Runs `work` in the next group transaction and resolves with its result once that
   * transaction has COMMITTED (never before: a caller may rely on its work being durable).
   * `target` is the job and document `work` is about: the group locks every piece's job (in
   * id order) and document in one statement before the first piece runs, and runs the pieces
   * in job id order, so two groups lock their jobs in the same order.
   */
  run<T>(target: LockTarget, work: GroupWork<T>): Promise<T>;
  /** Waits for everything already handed in. */
  drain(): Promise<void>;
};

export type GroupCommitOptions = {
  /** Completes the queue jobs the pieces of a group handed in (GroupPiece.completions), on its transaction. */
  completeQueueJobs: (client: SqlClient, completions: DocumentJobCompletion[]) => Promise<void>;
  /** A group starts at once when it has this many pieces of work. */
  maxSize: number;
  /** …or this long after its first one was handed in. */
  maxWaitMs: number;
};

type Pending = { target: LockTarget; work: GroupWork<unknown>; resolve(value: unknown): void; reject(error: unknown): void };

/** PostgreSQL's deadlock_detected: the transaction was rolled back and may simply run again. */
const DEADLOCK = '40P01';
const DEADLOCK_RETRIES = 3;

/**
 * Group commit for the worker's claims and outcomes (docs/design.md#worker-batches): what
 * documents finishing close together record goes into one transaction — one BEGIN and one
 * COMMIT (one WAL flush) for all of them instead of one each. One group at a time per
 * process; what arrives meanwhile forms the next. Locks are taken in one global order: the
 * job rows in id order, then their documents (one statement for the whole group), then every
 * statistics row of the group in one statement (table, then key). A deadlock all the same
 * (PostgreSQL rolls one transaction back) runs the group again; when a group fails
 * otherwise, each of its pieces runs again alone, so one bad piece fails only itself.
 */
export function createGroupCommit(sql: SqlPool, options: GroupCommitOptions): GroupCommit {
  const pending: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const schedule = () => {
    if (running) return; // the running group starts the next one when it ends
    if (pending.length >= options.maxSize) {
      clearTimeout(timer);
      timer = undefined;
      running = flush();
    } else {
      timer ??= setTimeout(() => {
        timer = undefined;
        if (!running) running = flush();
      }, options.maxWaitMs);
    }
  };

  async function flush(): Promise<void> {
    const group = pending.splice(0, options.maxSize).sort((a, b) => (a.target.jobId < b.target.jobId ? -1 : a.target.jobId > b.target.jobId ? 1 : 0));
    try {
      await runGroup(sql, group, options);
    } finally {
      running = null;
      // Work that waited while this group ran has waited long enough: it goes now.
      if (pending.length > 0) running = flush();
    }
  }

  return {
    run<T>(target: LockTarget, work: GroupWork<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ target, work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    async drain() {
      while (running || pending.length > 0) {
        if (!running) {
          clearTimeout(timer);
          timer = undefined;
          running = flush();
        }
        await running;
      }
    },
  };
}

async function runGroup(sql: SqlPool, group: Pending[], options: GroupCommitOptions): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const results = await runSqlTransaction(sql, async (client) => {
        const done: unknown[] = [];
        const stats: StatEntry[] = [];
        const completions: DocumentJobCompletion[] = [];
        const locked = await lockJobsAndDocuments(client, group.map((piece) => piece.target));
        const pieces = new Map<string, number>();
        for (const { target } of group) pieces.set(target.jobId, (pieces.get(target.jobId) ?? 0) + 1);
        for (const { target, work } of group) {
          const pair = pieces.get(target.jobId) === 1 ? (locked.get(target.documentId.toLowerCase()) ?? null) : undefined;
          done.push(await work(client, { stats, locked: pair, completions }));
        }
        if (completions.length > 0) await options.completeQueueJobs(client, completions);
        await applyStats(client, stats);
        return { commit: true, result: done };
      });
      group.forEach((piece, i) => piece.resolve(results[i]));
      return;
    } catch (error) {
      if ((error as { code?: string }).code === DEADLOCK && attempt < DEADLOCK_RETRIES) continue;
      if (group.length === 1) return group[0]!.reject(error);
      // Each alone: only the piece that fails again rejects.
      await Promise.all(group.map((piece) => runGroup(sql, [piece], options)));
      return;
    }
  }
}

async function applyStats(client: SqlClient, stats: StatEntry[]): Promise<void> {
  const ctes = batchedStatDeltaCtes(stats);
  if (ctes.length === 0) return;
  const statement = withCtes(ctes, Prisma.sql`SELECT count(*) FROM ${Prisma.raw(ctes.at(-1)!.name)}`);
  await client.query(statement.text, statement.values);
}
