import type { SqlClient, SqlPool } from '@docket/db/create-prisma';

/** What a transaction's work decided: commit it or roll it back, and what to answer. */
export type SqlTransactionOutcome<T> = { commit: boolean; result: T };

/**
 * Runs `work` in a transaction on one connection of the pool, with raw statements (no Prisma
 * interactive transaction: BEGIN and COMMIT are a round trip each, nothing more). Commits or
 * rolls back as `work` decides; rolls back and rethrows when it throws. A connection whose
 * ROLLBACK failed is destroyed instead of going back to the pool.
 */
export async function runSqlTransaction<T>(sql: SqlPool, work: (client: SqlClient) => Promise<SqlTransactionOutcome<T>>): Promise<T> {
  const client = await sql.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    let outcome: SqlTransactionOutcome<T>;
    try {
      outcome = await work(client);
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
    await client.query(outcome.commit ? 'COMMIT' : 'ROLLBACK');
    return outcome.result;
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
