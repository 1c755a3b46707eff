import type { SqlQueryable, Tx } from '@docket/db/create-prisma';
import type { SqlExecutor } from '@docket/queue/job-queue';

/** pg-boss's `db` option over an open Prisma transaction: queue jobs commit with the rows. */
export function txExecutor(tx: Tx): SqlExecutor {
  return { executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
}

/** pg-boss's `db` option over a connection in a transaction of raw statements (runSqlTransaction). */
export function clientExecutor(client: SqlQueryable): SqlExecutor {
  return { executeSql: (text, values = []) => client.query(text, values) };
}
