import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseUrlFor } from '../src/database-url.ts';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../src/migrate.ts';
import { createTemplateDatabase, dropDatabase } from '../test-support/test-database.ts';

const MIGRATION = '20261130100000_operator_roles';
const serverUrl = process.env.DOCKET_TEST_SERVER_URL!;
const name = `docket_test_${process.env.DOCKET_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
let client: pg.Client;
let before: string;

/** A database as the version before the operator roles left it: every migration up to (not including) this one. */
beforeAll(async () => {
  const databaseUrl = await createTemplateDatabase({ serverUrl, name });
  before = await mkdtemp(path.join(os.tmpdir(), 'docket-migrations-'));
  const names = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(names).toContain(MIGRATION);
  for (const migration of names.filter((migration) => migration < MIGRATION)) await cp(path.join(DEFAULT_MIGRATIONS_DIR, migration), path.join(before, migration), { recursive: true });
  await migrate({ databaseUrl, migrationsDir: before });
  client = new pg.Client({ connectionString: databaseUrlFor(serverUrl, name) });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await dropDatabase(serverUrl, name);
  if (before) await rm(before, { recursive: true, force: true });
});

const roles = async () => (await client.query<{ email: string; role: string }>('SELECT email, role::text FROM users ORDER BY email')).rows;

it('turns every existing admin into a system admin, leaves users alone, and adds super_admin', async () => {
  await client.query("INSERT INTO users (email, password_hash, role) VALUES ('ops@example.com', 'x', 'admin'), ('someone@example.com', 'x', 'user')");
  await expect(client.query("UPDATE users SET role = 'super_admin' WHERE email = 'ops@example.com'")).rejects.toThrow(/invalid input value for enum user_role/);

  await migrate({ databaseUrl: databaseUrlFor(serverUrl, name) });

  expect(await roles()).toEqual([
    { email: 'ops@example.com', role: 'system_admin' },
    { email: 'someone@example.com', role: 'user' },
  ]);
  const labels = await client.query<{ label: string }>("SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = 'user_role'::regtype ORDER BY enumsortorder");
  expect(labels.rows.map((row) => row.label)).toEqual(['user', 'system_admin', 'super_admin']);
  await client.query("UPDATE users SET role = 'super_admin' WHERE email = 'someone@example.com'");
  expect((await roles())[1]!.role).toBe('super_admin');
});
