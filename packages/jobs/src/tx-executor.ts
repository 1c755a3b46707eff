import type { Tx } from '@docket/db/create-prisma';
import type { SqlExecutor } from '@docket/queue/job-queue';

/** pg-boss's `db` option over an open Prisma transaction: queue jobs commit with the rows. */
export function txExecutor(tx: Tx): SqlExecutor {
  return { executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}
