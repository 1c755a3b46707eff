import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { apiClient, waitForJob } from './support/api-client.ts';
import { ENGLISH } from '../../../test/fixtures/documents.ts';
import { spawnEntry, type Spawned } from './support/spawn-process.ts';

// What a newcomer does: start Docket with no DATABASE_URL (embedded Postgres in DATA_DIR),
// use it, Ctrl-C, start it again and find everything still there.
const running: Spawned[] = [];
let dataDir: string;
afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ docket: Spawned; url: string }> {
  const docket = spawnEntry('apps/api/src/main.ts', { DATA_DIR: dataDir, PORT: '0', PASSWORD_COST: '1024', LOG_LEVEL: 'info' });
  running.push(docket);
  const [, url] = await docket.waitFor(/Docket is listening on (http:\/\/\S+)/, 90_000);
  expect(docket.output()).toMatch(/Database: embedded PGlite in .*pgdata/);
  return { docket, url: url! };
}

it('runs with embedded Postgres, shuts down cleanly on SIGINT and keeps its data', async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'docket-embedded-'));
  const first = await start();
  expect((await apiClient(first.url).get('/readyz')).status).toBe(200);

  const credentials = { email: 'first@example.com', password: 'a fine password' };
  const registered = await apiClient(first.url).post('/api/auth/register', credentials);
  expect(registered.status).toBe(201);
  const client = apiClient(first.url, registered.body.access_token);
  const submitted = await client.upload([{ name: 'fox.txt', content: ENGLISH }]);
  expect(submitted.status).toBe(202);
  const job = await waitForJob(client, submitted.body.id);
  expect(job.status).toBe('completed');

  first.docket.child.kill('SIGINT');
  expect(await first.docket.exited).toEqual({ code: 0, signal: null });
  expect(first.docket.output()).toMatch(/shut down cleanly/);

  const second = await start();
  const login = await apiClient(second.url).post('/api/auth/login', credentials);
  expect(login.status).toBe(200);
  const again = apiClient(second.url, login.body.access_token);
  expect((await again.get(`/api/jobs/${job.id}`)).body.status).toBe('completed');
  expect((await again.get('/api/history/stats')).body.documents_processed).toBe(1);
  second.docket.child.kill('SIGINT');
  expect((await second.docket.exited).code).toBe(0);
}, 180_000);
