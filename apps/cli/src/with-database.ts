import { createDatabase, type Db } from '@docket/db/create-prisma';
import { migrate } from '@docket/db/migrate';
import { loadCliConfig } from './config.ts';

/**
 * Runs `use` against Docket's database: DATABASE_URL, or the embedded one in DATA_DIR
 * (which only one process may open: with Docket running there, this fails and says so).
 * An embedded database is migrated first unless the command is the migration itself.
 */
export async function withDatabase<T>(use: (db: Db, databaseUrl: string) => Promise<T>, { migrateFirst = true } = {}): Promise<T> {
  const config = loadCliConfig();
  // PGlite loads only when used: the HTTP commands (submit, usage export) never need it.
  const embedded = config.DATABASE_URL ? undefined : await (await import('@docket/db/embedded-postgres')).startEmbeddedPostgres({ dataDir: config.DATA_DIR });
  const databaseUrl = config.DATABASE_URL ?? embedded!.databaseUrl;
  const { db } = createDatabase({ databaseUrl, maxConnections: 1 });
  try {
    if (embedded && migrateFirst) await migrate({ databaseUrl });
    return await use(db, databaseUrl);
  } finally {
    await db.$disconnect();
    await embedded?.stop();
  }
}
