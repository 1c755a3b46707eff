import { createDatabase, type Db } from '@docket/db/create-prisma';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from '@docket/db/embedded-postgres';
import { migrate } from '@docket/db/migrate';
import { loadCliConfig } from './config.ts';

/**
 * Runs `use` against Docket's database: DATABASE_URL, or the embedded one in DATA_DIR — the
 * server of the Docket running there, or, while Docket is stopped, one started for the
 * command and stopped after it.
 * An embedded database is migrated first unless the command is the migration itself.
 */
/** The database a running Docket uses: DATABASE_URL, or the server of the embedded Docket running in DATA_DIR. */
export async function runningDatabaseUrl(): Promise<string | undefined> {
  const config = loadCliConfig();
  return config.DATABASE_URL ?? (await runningEmbeddedPostgresUrl(config.DATA_DIR));
}

export async function withDatabase<T>(use: (db: Db, databaseUrl: string) => Promise<T>, { migrateFirst = true } = {}): Promise<T> {
  const running = await runningDatabaseUrl();
  const embedded = running ? undefined : await startEmbeddedPostgres({ dataDir: loadCliConfig().DATA_DIR });
  const databaseUrl = running ?? embedded!.databaseUrl;
  const { db } = createDatabase({ databaseUrl, maxConnections: 1 });
  try {
    if (embedded && migrateFirst) await migrate({ databaseUrl });
    return await use(db, databaseUrl);
  } finally {
    await db.$disconnect();
    await embedded?.stop();
  }
}
