import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, waitForJob } from './support/api-client.ts';
import { makePdf } from '../../../test/fixtures/documents.ts';
import { recountHistory, recountJobRows, rollupDifferences } from '../../../test/support/recount.ts';
import { spawnEntry, type Spawned } from './support/spawn-process.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

// The API runs without a worker; the worker is a separate process we can SIGKILL.
let docket: TestDocket;
const workers: Spawned[] = [];
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await docket?.stop();
});

function startWorker(): Spawned {
  const worker = spawnEntry('apps/worker/dist/main.mjs', {
    DATABASE_URL: docket.databaseUrl,
    DATA_DIR: docket.dataDir,
    WORKER_CONCURRENCY: '2',
    LOG_LEVEL: 'info',
  });
  workers.push(worker);
  return worker;
}

const countByStatus = async (jobId: string) => {
  const rows = await docket.db.document.groupBy({ by: ['status'], where: { jobId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
};

it('loses and double-counts nothing when a worker is SIGKILLed mid-batch', async () => {
  const { client, auth } = await signUp(docket.url);
  // Documents big enough that the worker is busy when it dies (hundreds of PDF pages).
  const pages = Array.from({ length: 400 }, (_, i) => `Page ${i + 1} of a long report about quarterly numbers and forecasts`);
  const files = Array.from({ length: 10 }, (_, i) => ({ name: `report-${i}.pdf`, content: makePdf(pages) }));
  const job = (await client.upload(files)).body;
  expect(job.total_documents).toBe(10);

  const first = startWorker();
  await first.waitFor(/worker started/);
  // Wait until it has finished some documents and holds others.
  const deadline = Date.now() + 60_000;
  let counts = await countByStatus(job.id);
  while (!((counts.succeeded ?? 0) >= 1 && (counts.processing ?? 0) >= 1) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    counts = await countByStatus(job.id);
  }
  first.child.kill('SIGKILL');
  await first.exited;
  counts = await countByStatus(job.id);
  expect(counts.processing ?? 0).toBeGreaterThanOrEqual(1);
  expect(counts.succeeded ?? 0).toBeLessThan(10);

  const second = startWorker();
  await second.waitFor(/worker started/);
  const done = await waitForJob(client, job.id, undefined, 90_000);

  expect(done.status).toBe('completed');
  expect(done.processed_count).toBe(10);
  expect(done.documents.every((document) => document.status === 'succeeded' && document.page_count === 400)).toBe(true);
  // The documents in flight at the kill were claimed again: a second attempt, counted once.
  const retried = await docket.db.document.count({ where: { jobId: job.id, attempts: { gt: 1 } } });
  expect(retried).toBeGreaterThanOrEqual(1);

  const { recent_activity: _recent, ...stats } = (await client.get('/api/history/stats')).body;
  expect(stats).toEqual(await recountHistory(docket.db, auth.user.id));
  expect(stats.documents_processed).toBe(10);
  expect(await recountJobRows(docket.db, auth.user.id)).toEqual([]);
  expect(await rollupDifferences(docket.db, auth.user.id)).toEqual([]);
}, 150_000);
