import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../src/migrate.ts';
import { databaseUrlFor } from '../src/database-url.ts';
import { createTemplateDatabase, dropDatabase } from '../test-support/test-database.ts';

const serverUrl = process.env.DOCKET_TEST_SERVER_URL!;
const created: string[] = [];
let databaseUrl: string;
let allMigrations: string[];

/** An empty database (not the migrated template): the runner starts from nothing. */
beforeEach(async () => {
  allMigrations = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const name = `docket_test_${process.env.DOCKET_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  created.push(name);
  await createTemplateDatabase({ serverUrl, name });
  databaseUrl = databaseUrlFor(serverUrl, name);
});
afterAll(async () => {
  for (const name of created) await dropDatabase(serverUrl, name);
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  it('applies every migration once and records it the way Prisma Migrate does', async () => {
    const first = await migrate({ databaseUrl });
    expect(first.applied).toEqual(allMigrations);
    expect(allMigrations[0]).toBe('20261124220000_init');
    expect((await migrate({ databaseUrl })).applied).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(allMigrations);
    const row = rows[0];
    expect(row).toMatchObject({ migration_name: '20261124220000_init', applied_steps_count: 1, rolled_back_at: null });
    expect(row!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.finished_at).toBeInstanceOf(Date);
    expect(await query('SELECT 1 FROM jobs LIMIT 0')).toEqual([]);
  });

  it('lets only one of several processes starting at once apply a migration', async () => {
    const results = await Promise.all([migrate({ databaseUrl }), migrate({ databaseUrl }), migrate({ databaseUrl })]);
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 0, allMigrations.length]);
    expect(await query('SELECT id FROM _prisma_migrations')).toHaveLength(allMigrations.length);
  });

  it('refuses to run when a migration was edited after it was applied', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-migrations-'));
    try {
      await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
      await migrate({ databaseUrl, migrationsDir: dir });
      await writeFile(path.join(dir, '20261124220000_init', 'migration.sql'), '-- edited\n', { flag: 'a' });
      await expect(migrate({ databaseUrl, migrationsDir: dir })).rejects.toThrow(/20261124220000_init was edited after it was applied/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing migration completely and names it in the error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-migrations-'));
    try {
      await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
      await cp(path.join(dir, '20261124220000_init'), path.join(dir, '29991231000000_broken'), { recursive: true });
      await writeFile(path.join(dir, '29991231000000_broken', 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
      await expect(migrate({ databaseUrl, migrationsDir: dir })).rejects.toThrow(/migration 29991231000000_broken failed: .*no_such_function/);
      expect(await query("SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
      expect((await query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations ORDER BY 1')).map((r) => r.migration_name)).toEqual(allMigrations);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
