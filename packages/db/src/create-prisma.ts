import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';
import type { Prisma } from './generated/prisma/client.ts';

export type Db = PrismaClient;
/** The client handed to the callback of `db.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;
/**
 * The `pg` pool under Prisma, for the few hot reads where Prisma's query layer is the cost
 * (history statistics: about three times the calls per second on the pool than through
 * `$queryRaw` for the same SQL; BENCHMARKS.md). Same connections, so the two never compete for more than one pool's size.
 */
export type SqlPool = pg.Pool;
/** One connection checked out of the pool, for a transaction of raw statements (`BEGIN` … `COMMIT`). */
export type SqlClient = pg.PoolClient;
/** Where a raw statement can run: the pool (a connection of its own) or a checked-out connection. */
export type SqlQueryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
export type Database = { db: Db; sql: SqlPool };

/** How long an interactive transaction waits for a connection of the pool before it fails. */
const TRANSACTION_MAX_WAIT_MS = 15_000;

export type CreateDatabaseOptions = {
  databaseUrl: string;
  /** Size of the pg pool shared by Prisma's driver adapter and the raw reads. */
  maxConnections?: number;
};

/**
 * Creates a Prisma client over a `pg` pool (no Prisma engine binary involved) and hands out
 * the pool too. Every process makes exactly one and passes it down; nothing imports a global
 * client. `db.$disconnect()` ends the pool.
 */
export function createDatabase({ databaseUrl, maxConnections = 10 }: CreateDatabaseOptions): Database {
  const sql = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
  const db = new PrismaClient({
    adapter: new PrismaPg(sql, { disposeExternalPool: true }),
    // A burst larger than the pool queues for a connection, as the raw statements on the same
    // pool do, instead of failing after Prisma's default 2 s: a busy moment is not an error.
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS },
  });
  return { db, sql };
}
