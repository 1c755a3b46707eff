import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseUrlFor } from '../../src/database-url.ts';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../../src/migrate.ts';
import { createTemplateDatabase, dropDatabase } from '../../test-support/test-database.ts';

export type DatabaseBefore = {
  /** Connected to the database. */
  client: pg.Client;
  /** Applies the rest of the migrations, `migration` first. */
  migrateRest(): Promise<void>;
  drop(): Promise<void>;
};

/**
 * A fresh database as the version before `migration` left it (every migration up to, not
 * including, that one): for tests of what a migration does to rows that exist when it runs.
 */
export async function databaseBefore(migration: string): Promise<DatabaseBefore> {
  const serverUrl = process.env.DOCKET_TEST_SERVER_URL!;
  const name = `docket_test_${process.env.DOCKET_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await createTemplateDatabase({ serverUrl, name });
  const before = await mkdtemp(path.join(os.tmpdir(), 'docket-migrations-'));
  const names = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  if (!names.includes(migration)) throw new Error(`no migration ${migration} in ${DEFAULT_MIGRATIONS_DIR}`);
  for (const earlier of names.filter((name) => name < migration)) await cp(path.join(DEFAULT_MIGRATIONS_DIR, earlier), path.join(before, earlier), { recursive: true });
  await migrate({ databaseUrl, migrationsDir: before });
  const client = new pg.Client({ connectionString: databaseUrlFor(serverUrl, name) });
  await client.connect();
  return {
    client,
    migrateRest: async () => void (await migrate({ databaseUrl })),
    async drop() {
      await client.end();
      await dropDatabase(serverUrl, name);
      await rm(before, { recursive: true, force: true });
    },
  };
}
