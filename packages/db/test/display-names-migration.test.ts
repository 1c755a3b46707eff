import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { displayNameSchema } from '@docket/contracts/common';
import { databaseUrlFor } from '../src/database-url.ts';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../src/migrate.ts';
import { createTemplateDatabase, dropDatabase } from '../test-support/test-database.ts';

const MIGRATION = '20261201300000_display_names_normalized';
const serverUrl = process.env.DOCKET_TEST_SERVER_URL!;
const name = `docket_test_${process.env.DOCKET_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
let client: pg.Client;
let before: string;

/** A database as the version before this migration left it. */
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

it('brings names stored before normalisation to the form the API gives new ones', async () => {
  const stored = [
    'Plain name',
    'invoice\u202Efdp.exe', // a bidi override disguising the name
    'Cafe\u0301 Zu\u0308rich', // decomposed accents: NFC composes them
    '  \u00a0padded\u3000 ',
    'zero\u200Bwidth\uFEFF and soft\u00ADhyphen',
    'tab\there, line\u2028break, tag\u{E0041}',
    'emoji 🧾 and 日本語 stay',
    '\u200B\u200D\u2060',
  ];
  const { rows: inserted } = await client.query<{ id: string }>('INSERT INTO organizations (name) SELECT unnest($1::text[]) RETURNING id', [stored]);

  await migrate({ databaseUrl: databaseUrlFor(serverUrl, name) });

  const { rows } = await client.query<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])', [inserted.map((row) => row.id)]);
  const byId = new Map(rows.map((row) => [row.id, row.name]));
  const schema = displayNameSchema(100);
  // Exactly what the API stores for the same input, and 'unnamed' where nothing is left.
  const expected = stored.map((input) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? parsed.data : 'unnamed';
  });
  expect(inserted.map((row) => byId.get(row.id))).toEqual(expected);
  expect(expected.slice(0, 4)).toEqual(['Plain name', 'invoicefdp.exe', 'Café Zürich', 'padded']);
});
