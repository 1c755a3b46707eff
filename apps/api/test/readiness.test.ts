import { statfs } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await setConnectionsAllowed(true);
  await docket?.stop();
});

/** Makes the test database refuse connections (and drops the open ones), or lets them in again. */
async function setConnectionsAllowed(allowed: boolean): Promise<void> {
  const name = new URL(docket.databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.DOCKET_TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${allowed}`);
    if (!allowed) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
  } finally {
    await admin.end();
  }
}

it('answers 503 on /readyz while the database is unreachable, 200 again once it is back, and stays alive throughout', async () => {
  const client = apiClient(docket.url);
  expect((await client.get('/readyz')).status).toBe(200);

  await setConnectionsAllowed(false);
  const down = await client.get('/readyz');
  expect(down.status).toBe(503);
  expect(down.body).toMatchObject({ error: { code: 'unavailable', message: 'the database is not answering' } });
  expect((await client.get('/healthz')).status).toBe(200);
  // A request that needs the database fails cleanly, without a stack trace.
  const login = await client.post('/api/auth/login', { email: 'someone@example.com', password: 'whatever password' });
  expect(login.status).toBe(503);
  expect(login.body.error.code).toBe('unavailable');
  expect(login.headers.get('retry-after')).toBe('1');
  expect(login.text).not.toMatch(/ECONNREFUSED|at .*\.ts/);

  await setConnectionsAllowed(true);
  const deadline = Date.now() + 15_000;
  let status = 0;
  while (status !== 200 && Date.now() < deadline) {
    status = (await client.get('/readyz')).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(status).toBe(200);
});

it('answers 503 on /readyz, naming the shortfall, while DATA_DIR has less free disk than MIN_FREE_DISK_MB', async () => {
  const { bavail, bsize } = await statfs(docket.dataDir);
  const freeMb = Math.floor((bavail * bsize) / 1024 / 1024);
  const short = await startTestDocket({ RUN_WORKER: 'false', MIN_FREE_DISK_MB: String(freeMb + 100_000) });
  try {
    const reply = await apiClient(short.url).get('/readyz');
    expect(reply.status).toBe(503);
    expect(reply.body.error.code).toBe('unavailable');
    expect(reply.body.error.message).toMatch(new RegExp(`^the data directory's disk has [\\d,]+ MB free, under the ${(freeMb + 100_000).toLocaleString('en')} MB MIN_FREE_DISK_MB$`));
    expect((await apiClient(short.url).get('/healthz')).status).toBe(200);
  } finally {
    await short.stop();
  }
  // The default threshold (1 GB) is met here: the main Docket is ready.
  expect((await apiClient(docket.url).get('/readyz')).status).toBe(200);
});
