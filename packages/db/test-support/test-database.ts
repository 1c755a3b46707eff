import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrlFor } from '../src/database-url.ts';

/** Where tests find a Postgres server: TEST_DATABASE_URL, else DATABASE_URL, else the local one. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}


async function withServer<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'docket-test-admin' });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`no Postgres server answers at ${new URL(serverUrl).host}; set TEST_DATABASE_URL to one (${(error as Error).message})`, { cause: error });
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the run's template database and lets `setup` migrate it. */
export async function createTemplateDatabase(options: { serverUrl: string; name: string; setup?: (databaseUrl: string) => Promise<void> }): Promise<string> {
  await withServer(options.serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quote(options.name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quote(options.name)}`);
  });
  const url = databaseUrlFor(options.serverUrl, options.name);
  await options.setup?.(url);
  return url;
}

/**
 * A fresh database for one test file, cloned from the run's migrated template (set up by
 * test/global-setup.ts). `drop()` removes it.
 */
export async function createTestDatabase(): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DOCKET_TEST_SERVER_URL;
  const template = process.env.DOCKET_TEST_TEMPLATE;
  const runId = process.env.DOCKET_TEST_RUN_ID;
  if (!serverUrl || !template || !runId) throw new Error('createTestDatabase needs the integration global setup (test/global-setup.ts)');
  const name = `docket_test_${runId}_${randomBytes(4).toString('hex')}`;
  await withServer(serverUrl, async (client) => {
    // Postgres refuses to clone a template someone else is connected to; clones started
    // at the same moment by parallel test files can collide on that briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
        return;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  });
  return { databaseUrl: databaseUrlFor(serverUrl, name), drop: () => dropDatabase(serverUrl, name) };
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}

/** Drops every database whose name starts with `prefix` (a run's leftovers). */
export async function dropDatabasesLike(serverUrl: string, prefix: string): Promise<void> {
  const names = await withServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    return rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(serverUrl, name);
}
