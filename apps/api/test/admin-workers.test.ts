import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminWorkersSchema, type AdminWorkers } from '@docket/contracts/admin';
import { ENGLISH } from '../../../test/fixtures/documents.ts';
import { signIn, signUp, waitForJob, type ApiClient } from './support/api-client.ts';
import { spawnEntry, type Spawned } from './support/spawn-process.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
let admin: ApiClient;
const workers: Spawned[] = [];
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'operator password' });
  admin = await signIn(docket.url, 'ops@example.com', 'operator password');
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await docket?.stop();
});

function startWorker(env: Record<string, string> = {}): Spawned {
  const worker = spawnEntry('apps/worker/src/main.ts', { DATABASE_URL: docket.databaseUrl, DATA_DIR: docket.dataDir, WORKER_CONCURRENCY: '2', LOG_LEVEL: 'info', ...env });
  workers.push(worker);
  return worker;
}

const view = async (): Promise<AdminWorkers> => AdminWorkersSchema.parse((await admin.get('/api/admin/workers')).body);
const pids = (workersView: AdminWorkers) => Object.values(workersView.stats ?? {}).map((stats) => stats.pid).sort();

async function until(predicate: (workersView: AdminWorkers) => boolean, timeoutMs: number): Promise<AdminWorkers> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await view();
    if (predicate(current)) return current;
    if (Date.now() > deadline) throw new Error(`workers view never matched: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it('shows live worker processes, and a SIGKILLed one is gone within 30 s while the other keeps reporting', async () => {
  expect(await view()).toEqual({ active: null, scheduled: null, reserved: null, revoked: null, stats: null });
  const [first, second] = [startWorker(), startWorker({ WORKER_METRICS_PORT: '0' })];
  const [, metricsUrl] = await second.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/);
  await Promise.all([first.waitFor(/worker started/), second.waitFor(/worker started/)]);
  const both = await until((current) => pids(current).length === 2, 10_000);
  expect(pids(both)).toEqual([first.child.pid, second.child.pid].sort());
  const name = `docket@${both.stats![Object.keys(both.stats!)[0]!]!.host}:${second.child.pid}`;
  expect(both.stats![name]).toMatchObject({ pid: second.child.pid, concurrency: 2, processed: 0, failed: 0 });
  expect(both.stats![name]!.memory_rss_bytes).toBeGreaterThan(10_000_000);
  expect(both.active![name]).toEqual([]);

  first.child.kill('SIGKILL');
  const killedAt = Date.now();
  const survivor = await until((current) => pids(current).length === 1, 30_000);
  expect(Date.now() - killedAt).toBeLessThan(30_000);
  expect(pids(survivor)).toEqual([second.child.pid]);

  // The survivor does the work and its counts show it.
  const { client } = await signUp(docket.url);
  const job = (await client.upload([{ name: 'a.txt', content: ENGLISH }, { name: 'b.txt', content: ENGLISH }])).body;
  await waitForJob(client, job.id);
  const after = await until((current) => current.stats?.[name]?.processed === 2, 10_000);
  expect(after.stats![name]!.failed).toBe(0);
  // A standalone worker serves its own Prometheus metrics.
  const metrics = await (await fetch(metricsUrl!)).text();
  expect(metrics).toContain('docket_document_processing_seconds_count{status="succeeded"} 2');
}, 90_000);

it('is for admins only', async () => {
  const { client } = await signUp(docket.url);
  expect((await client.get('/api/admin/workers')).status).toBe(403);
});
