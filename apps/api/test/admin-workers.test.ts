import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { AdminWorkersSchema, WorkerTaskSchema, type AdminWorkers, type WorkerTask } from '@docket/contracts/admin';
import { createBoss } from '@docket/queue/create-boss';
import { EXTRACT_QUEUE } from '@docket/queue/queues';
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
// Each test has the queue to its own workers: the ones of a test before are stopped (cleanly).
afterEach(async () => {
  const running = workers.filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null);
  for (const worker of running) worker.child.kill('SIGTERM');
  await Promise.all(running.map((worker) => worker.exited));
});

function startWorker(env: Record<string, string> = {}): Spawned {
  const worker = spawnEntry('apps/worker/dist/main.mjs', { DATABASE_URL: docket.databaseUrl, DATA_DIR: docket.dataDir, WORKER_CONCURRENCY: '2', LOG_LEVEL: 'info', ...env });
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

/** The name a spawned worker reports itself under once it has started. */
async function startedWorker(env: Record<string, string> = {}): Promise<string> {
  const worker = startWorker(env);
  await worker.waitFor(/worker started/);
  const live = await until((current) => Object.values(current.stats ?? {}).some((stats) => stats.pid === worker.child.pid), 10_000);
  return Object.keys(live.stats!).find((name) => live.stats![name]!.pid === worker.child.pid)!;
}

/** The queue job of a document (pg-boss's row on the document queue). */
async function queueJobOf(documentId: string): Promise<string> {
  const [row] = await docket.db.$queryRaw<{ id: string }[]>`SELECT id::text FROM pgboss.job WHERE name = ${EXTRACT_QUEUE} AND data->>'document_id' = ${documentId}`;
  return row!.id;
}

const blobPath = async (documentId: string, kind: 'documents' | 'text' = 'documents') => {
  const document = await docket.db.document.findUniqueOrThrow({ where: { id: documentId } });
  return path.join(docket.dataDir, 'blobs', kind === 'documents' ? document.blobKey : `text/${document.jobId}/${document.position}.txt`);
};

async function task(id: string): Promise<WorkerTask> {
  const reply = await admin.get(`/api/admin/workers/tasks/${id}`);
  expect(reply.status).toBe(200);
  return WorkerTaskSchema.parse(reply.body);
}

it('lists a document waiting out its retry backoff under the worker whose attempt failed', async () => {
  // Retries wait five minutes here instead of a second, so the test sees the wait. The queue
  // copies its retry settings into each queue job when the job is sent.
  const boss = createBoss({ databaseUrl: docket.databaseUrl, listenNotify: false, maxAttempts: 3 });
  await boss.start();
  await boss.updateQueue(EXTRACT_QUEUE, { retryDelay: 300, retryBackoff: false });
  await boss.stop({ graceful: false });
  const { client } = await signUp(docket.url);
  // CRLF line ends: the text differs from the file, so it is stored (a verbatim text is not).
  const job = (await client.upload([{ name: 'a.txt', content: `${ENGLISH}\r\n` }])).body;
  const documentId = job.documents[0].id as string;
  // The extracted text cannot be stored (a directory stands where the file goes): a disk
  // error, which the worker throws back to the queue for a retry.
  await mkdir(await blobPath(documentId, 'text'), { recursive: true });
  const id = await queueJobOf(documentId);

  const name = await startedWorker();
  const waiting = await until((current) => (current.scheduled?.[name] ?? []).length > 0, 20_000);
  const [scheduled] = waiting.scheduled![name]!;
  expect(scheduled).toEqual({ id, queue: EXTRACT_QUEUE, document_id: documentId, job_id: job.id, attempts: 1, start_after: expect.any(String) });
  expect(Date.parse(scheduled!.start_after) - Date.now()).toBeGreaterThan(200_000);
  expect(waiting.active![name]).toEqual([]);
  expect(waiting.reserved![name]).toEqual([]);

  expect(await task(id)).toMatchObject({ id, queue: EXTRACT_QUEUE, state: 'retry', worker: name, worker_alive: true, listed_as: 'scheduled', document_id: documentId, job_id: job.id, attempts: 1, start_after: scheduled!.start_after, completed_at: null });
  await rm(await blobPath(documentId, 'text'), { recursive: true });
}, 60_000);

it('revokes the documents of a job cancelled before the worker reached them, and names the worker holding a running one', async () => {
  const { client } = await signUp(docket.url);
  const cancelled = (await client.upload(['a', 'b', 'c'].map((name) => ({ name: `${name}.txt`, content: ENGLISH })))).body;
  expect((await client.post(`/api/jobs/${cancelled.id}/cancel`)).body.status).toBe('cancelled');
  const revokedIds = await Promise.all(cancelled.documents.map((document: { id: string }) => queueJobOf(document.id)));
  // A document whose bytes are a named pipe: its extractor waits on it until the test writes.
  const running = (await client.upload([{ name: 'held.txt', content: ENGLISH }])).body;
  const heldDocument = running.documents[0].id as string;
  const pipe = await blobPath(heldDocument);
  await rm(pipe);
  execFileSync('mkfifo', [pipe]);
  const heldId = await queueJobOf(heldDocument);

  const name = await startedWorker();
  const busy = await until((current) => current.revoked?.[name]?.length === 3 && current.active?.[name]?.length === 1, 20_000);
  expect([...busy.revoked![name]!].sort()).toEqual([...revokedIds].sort());
  expect(busy.active![name]).toEqual([{ id: heldId, queue: EXTRACT_QUEUE, document_id: heldDocument, started_at: expect.any(String) }]);
  expect(busy.stats![name]).toMatchObject({ processed: 0, failed: 0 });

  expect(await task(revokedIds[0]!)).toMatchObject({ state: 'completed', worker: name, worker_alive: true, listed_as: 'revoked', document_id: cancelled.documents[0].id, job_id: cancelled.id });
  expect(await task(heldId)).toMatchObject({ state: 'active', worker: name, worker_alive: true, listed_as: 'active', document_id: heldDocument, job_id: running.id, attempts: 1, completed_at: null });

  // Narrowed to the organisation (x-tenantid), the lists keep its documents; narrowed to
  // another one, the worker is still listed with its stats but holds nothing of theirs.
  const own = (await client.get('/api/organizations')).body.items[0].id as string;
  const other = (await (await signUp(docket.url)).client.get('/api/organizations')).body.items[0].id as string;
  const narrowedView = async (organizationId: string) => AdminWorkersSchema.parse((await admin.get('/api/admin/workers', { 'x-tenantid': organizationId })).body);
  const ours = await narrowedView(own);
  expect([...ours.revoked![name]!].sort()).toEqual([...revokedIds].sort());
  expect(ours.active![name]).toEqual(busy.active![name]);
  const theirs = await narrowedView(other);
  expect(theirs.stats![name]).toMatchObject({ pid: busy.stats![name]!.pid });
  expect([theirs.active![name], theirs.revoked![name], theirs.scheduled![name], theirs.reserved![name]]).toEqual([[], [], [], []]);
  expect((await admin.get(`/api/admin/workers/tasks/${heldId}`, { 'x-tenantid': own })).status).toBe(200);
  for (const id of [heldId, revokedIds[0]!]) {
    const reply = await admin.get(`/api/admin/workers/tasks/${id}`, { 'x-tenantid': other });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  }

  await writeFile(pipe, ENGLISH);
  expect((await waitForJob(client, running.id)).status).toBe('completed');
  const deadline = Date.now() + 10_000;
  let finished = await task(heldId);
  while (finished.state !== 'completed' && Date.now() < deadline) finished = await task(heldId);
  // Finished, it is still known by the worker that ran it, in no list of the view.
  expect(finished).toMatchObject({ state: 'completed', worker: name, worker_alive: true, listed_as: null, started_at: expect.any(String), completed_at: expect.any(String) });
}, 60_000);

it('lists the documents a worker fetched with its batch but has not started as reserved, narrowed by x-tenantid', async () => {
  const { client } = await signUp(docket.url);
  // One extractor (two documents started at once: one extracting, the next claimed behind it),
  // batches of 4, every document's bytes a named pipe: whichever starts first holds the
  // extractor until the test writes, the second waits for it, and the other two wait in the batch.
  const job = (await client.upload(['a', 'b', 'c', 'd'].map((name) => ({ name: `${name}.txt`, content: ENGLISH })))).body;
  const documentIds = job.documents.map((document: { id: string }) => document.id) as string[];
  const pipes = await Promise.all(documentIds.map((documentId) => blobPath(documentId)));
  for (const pipe of pipes) {
    await rm(pipe);
    execFileSync('mkfifo', [pipe]);
  }
  const queueJobIds = await Promise.all(documentIds.map((documentId) => queueJobOf(documentId)));
  const byQueueJob = new Map(queueJobIds.map((id, i) => [id, documentIds[i]!]));

  const name = await startedWorker({ WORKER_CONCURRENCY: '1', WORKER_BATCH_SIZE: '4' });
  const busy = await until((current) => current.active?.[name]?.length === 2 && current.reserved?.[name]?.length === 2, 20_000);
  const started = busy.active![name]!;
  const reserved = busy.reserved![name]!;
  expect([...started, ...reserved].map((entry) => entry.id).sort()).toEqual([...queueJobIds].sort());
  // Started: claimed, an attempt each, whether extracting or waiting for the extractor.
  const claimed = await docket.db.document.findMany({ where: { id: { in: started.map((entry) => entry.document_id) } } });
  expect(claimed.map((row) => [row.status, row.attempts])).toEqual([
    ['processing', 1],
    ['processing', 1],
  ]);
  for (const entry of reserved) expect(entry).toEqual({ id: entry.id, queue: EXTRACT_QUEUE, document_id: byQueueJob.get(entry.id), received_at: expect.any(String) });
  expect(await task(reserved[0]!.id)).toMatchObject({ state: 'active', worker: name, worker_alive: true, listed_as: 'reserved', document_id: reserved[0]!.document_id });
  // Not started: the reserved documents are still queued, no attempt spent on them.
  const rows = await docket.db.document.findMany({ where: { id: { in: reserved.map((entry) => entry.document_id) } } });
  expect(rows.map((row) => [row.status, row.attempts])).toEqual([
    ['queued', 0],
    ['queued', 0],
  ]);

  const own = (await client.get('/api/organizations')).body.items[0].id as string;
  const other = (await (await signUp(docket.url)).client.get('/api/organizations')).body.items[0].id as string;
  const narrowed = async (organizationId: string) => AdminWorkersSchema.parse((await admin.get('/api/admin/workers', { 'x-tenantid': organizationId })).body);
  expect((await narrowed(own)).reserved![name]).toHaveLength(2);
  expect((await narrowed(other)).reserved![name]).toEqual([]);

  // Each pipe's reader is the next document to start: written in turn, the four finish.
  await Promise.all(pipes.map((pipe) => writeFile(pipe, ENGLISH)));
  expect((await waitForJob(client, job.id)).status).toBe('completed');
  await until((current) => current.reserved?.[name]?.length === 0 && current.active?.[name]?.length === 0, 10_000);
}, 60_000);

it('answers 404 for a task id that names no queue job', async () => {
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
    const reply = await admin.get(`/api/admin/workers/tasks/${id}`);
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  }
});

it('is for admins only', async () => {
  const { client } = await signUp(docket.url);
  expect((await client.get('/api/admin/workers')).status).toBe(403);
  expect((await client.get('/api/admin/workers/tasks/00000000-0000-4000-8000-000000000000')).status).toBe(403);
});
