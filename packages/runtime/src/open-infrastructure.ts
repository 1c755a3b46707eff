import path from 'node:path';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '@docket/contracts/clock';
import { createDatabase, type Db, type SqlPool } from '@docket/db/create-prisma';
import { createBoss, ensureQueues } from '@docket/queue/create-boss';
import { createFsBlobStore } from '@docket/storage/fs-blob-store';
import type { BlobStore } from '@docket/storage/blob-store';
import type { PgBoss } from 'pg-boss';

/** What every Docket process works with: the database (Prisma and its pool), the started queue, the blob store, the clock. */
export type Infrastructure = { db: Db; sql: SqlPool; boss: PgBoss; blobs: BlobStore; clock: Clock; close(): Promise<void> };

/**
 * Opens the infrastructure every Docket process (API, worker, both) works with, in one place
 * so they are opened the same way. `close()` stops the queue gracefully, then the pool.
 */
export async function openInfrastructure(options: {
  databaseUrl: string;
  dataDir: string;
  maxAttempts: number;
  callbackRetryDelaySeconds?: number;
  logger: Logger;
}): Promise<Infrastructure> {
  const { db, sql } = createDatabase({ databaseUrl: options.databaseUrl });
  const boss = createBoss({ databaseUrl: options.databaseUrl, listenNotify: true, maxAttempts: options.maxAttempts });
  boss.on('error', (error) => options.logger.error({ err: error }, 'queue error'));
  boss.on('warning', (warning) => options.logger.warn({ warning }, 'queue warning'));
  await boss.start();
  await ensureQueues(boss, options);
  const blobs = createFsBlobStore(path.join(options.dataDir, 'blobs'));
  return {
    db,
    sql,
    boss,
    blobs,
    clock: systemClock,
    async close() {
      await boss.stop({ graceful: true, timeout: 30_000 });
      await db.$disconnect();
    },
  };
}
