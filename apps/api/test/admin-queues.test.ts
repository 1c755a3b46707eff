import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueueStatsListSchema, QueueStatsSchema, type QueueStats } from '@docket/contracts/admin';
import { JOB_TYPES } from '@docket/contracts/jobs';
import { createBoss } from '@docket/queue/create-boss';
import { EXTRACT_QUEUE, MAINTENANCE_QUEUE } from '@docket/queue/queues';
import { corruptPdf, ENGLISH } from '../../../test/fixtures/documents.ts';
import { recountJobTypes } from '../../../test/support/recount.ts';
import { signIn, signUp, waitForJob, type ApiClient } from './support/api-client.ts';
import { pushWebhook } from './support/push-webhook.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
let admin: ApiClient;
beforeAll(async () => {
  docket = await startTestDocket({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'operator password' });
  admin = await signIn(docket.url, 'ops@example.com', 'operator password');
});
afterAll(async () => {
  await docket?.stop();
});

async function queueStats(name: string, until: (stats: QueueStats) => boolean): Promise<QueueStats> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const reply = await admin.get(`/api/admin/queues/${name}/stats`);
    expect(reply.status).toBe(200);
    const stats = QueueStatsSchema.parse(reply.body);
    if (until(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`queue ${name} never matched: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The stats of one queue or job type, read once: what the answer says right now. */
const statsNow = async (name: string): Promise<QueueStats> => {
  const reply = await admin.get(`/api/admin/queues/${name}/stats`);
  expect(reply.status).toBe(200);
  return QueueStatsSchema.parse(reply.body);
};

/** pg-boss's own rows of a queue, counted by state. */
async function queueJobsByState(name: string): Promise<Record<string, number>> {
  const rows = await docket.db.$queryRaw<{ state: string; jobs: bigint }[]>`SELECT state::text, count(*) AS jobs FROM pgboss.job WHERE name = ${name} GROUP BY state`;
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.jobs)]));
}

/** Pushes one document in through a signed inbound webhook: a job of type `webhook`. */
async function pushDocument(client: ApiClient, content: string): Promise<string> {
  const endpoint = (await client.post('/api/webhook-endpoints', { name: 'crm' })).body;
  const pushed = await pushWebhook(docket.url, endpoint, JSON.stringify({ documents: [{ filename: 'pushed.txt', content_base64: Buffer.from(content).toString('base64') }] }));
  expect(pushed.status).toBe(202);
  return pushed.body.job_id;
}

it('lists Docket’s queues and, beside them, the job types users submit', async () => {
  const list = QueueStatsListSchema.parse((await admin.get('/api/admin/queues')).body);
  expect(list.items.map((queue) => [queue.name, queue.kind])).toEqual([
    ['extract-document', 'queue'],
    ['deliver-callback', 'queue'],
    ['maintenance', 'queue'],
    ['single', 'job_type'],
    ['batch', 'job_type'],
    ['webhook', 'job_type'],
  ]);
});

it('counts the jobs of every type the moment they finish, a failed one in failed and in the success rate', async () => {
  const { client } = await signUp(docket.url);
  const single = (await client.upload([{ name: 'a.txt', content: ENGLISH }])).body.id as string;
  const failing = (await client.upload([{ name: 'broken.pdf', content: corruptPdf() }])).body.id as string;
  const batch = (await client.upload([{ name: 'b.txt', content: ENGLISH }, { name: 'c.pdf', content: corruptPdf() }])).body.id as string;
  const webhook = await pushDocument(client, ENGLISH);
  for (const id of [single, failing, batch, webhook]) await waitForJob(client, id);

  // Read once, right after: no waiting for a cache to catch up.
  const [singles, batches, webhooks] = await Promise.all(JOB_TYPES.map(statsNow));
  const recount = await recountJobTypes(docket.db);
  for (const stats of [singles!, batches!, webhooks!]) {
    const counts = recount[stats.name as (typeof JOB_TYPES)[number]];
    expect(stats).toMatchObject({ kind: 'job_type', status: 'idle', schedule: null });
    expect(stats.queue).toEqual({ pending: counts.queued, processing: counts.processing, completed: counts.completed, failed: counts.failed });
    expect(stats.performance.success_rate).toBe(counts.completed / (counts.completed + counts.failed));
    expect(stats.performance.average_execution_ms).toBeGreaterThan(0);
  }
  expect(singles!.queue).toMatchObject({ completed: 1, failed: 1 });
  expect(singles!.performance.success_rate).toBe(0.5);
  // A batch with a failed document is completed: its failure shows in the documents it finished.
  expect(batches!.queue).toMatchObject({ completed: 1, failed: 0 });
  expect(webhooks!.queue).toMatchObject({ completed: 1, failed: 0 });

  // Recent executions are the newest jobs, in the queue vocabulary, with the documents each finished.
  expect(singles!.recent_executions.map((execution) => [execution.id, execution.status, execution.items_processed])).toEqual([
    [failing, 'failed', 1],
    [single, 'completed', 1],
  ]);
  expect(batches!.recent_executions[0]).toMatchObject({ id: batch, status: 'completed', items_processed: 2 });
  expect(webhooks!.recent_executions[0]).toMatchObject({ id: webhook, status: 'completed', items_processed: 1 });
  expect(singles!.recent_executions.every((execution) => execution.started_at && execution.completed_at)).toBe(true);
});

it('counts the document queue live from pg-boss’s rows: what its recent executions show completed is counted completed', async () => {
  const { client } = await signUp(docket.url);
  const before = (await queueJobsByState(EXTRACT_QUEUE)).completed ?? 0;
  const job = (await client.upload([{ name: 'a.txt', content: ENGLISH }, { name: 'b.txt', content: ENGLISH }, { name: 'c.pdf', content: corruptPdf() }])).body;
  await waitForJob(client, job.id);
  // pg-boss completes a queue job just after the handler that settled the document returns.
  const deadline = Date.now() + 10_000;
  while ((await queueJobsByState(EXTRACT_QUEUE)).completed !== before + 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

  const extract = await statsNow(EXTRACT_QUEUE);
  expect(extract).toMatchObject({ kind: 'queue', status: 'idle', schedule: null, queue: { pending: 0, processing: 0, failed: 0, completed: before + 3 } });
  // A document that fails extraction is a completed queue job: the queue did its work.
  expect(extract.performance.success_rate).toBe(1);
  expect(extract.performance.average_execution_ms).toBeGreaterThan(0);
  const newest = extract.recent_executions.slice(0, 3);
  expect(newest.every((execution) => execution.status === 'completed' && execution.completed_at && execution.items_processed === 1)).toBe(true);
  expect(extract.queue.completed).toBeGreaterThanOrEqual(extract.recent_executions.filter((execution) => execution.status === 'completed').length);
});

it('runs the scheduled maintenance: purges expired keys, old webhook ids and dead heartbeats', async () => {
  const maintenance = await queueStats('maintenance', () => true);
  expect(maintenance.schedule).toMatchObject({ cron: '0 * * * *' });
  const next = new Date(maintenance.schedule!.next_run);
  expect(next.getTime()).toBeGreaterThan(Date.now());
  expect(next.getUTCMinutes()).toBe(0);

  const user = await docket.db.user.findFirstOrThrow();
  const personal = await docket.db.organization.findUniqueOrThrow({ where: { personalUserId: user.id } });
  const endpoint = await docket.db.webhookEndpoint.create({ data: { organizationId: personal.id, userId: user.id, name: 'old', secret: 'whsec_x' } });
  const longAgo = new Date(Date.now() - 30 * 86_400_000);
  await docket.db.idempotencyKey.createMany({
    data: [
      { organizationId: personal.id, userId: user.id, key: 'expired', jobId: user.id, expiresAt: new Date(Date.now() - 1000) },
      { organizationId: personal.id, userId: user.id, key: 'live', jobId: user.id, expiresAt: new Date(Date.now() + 3600_000) },
    ],
  });
  await docket.db.webhookMessage.create({ data: { endpointId: endpoint.id, messageId: 'msg_old', jobId: user.id, createdAt: longAgo } });
  await docket.db.workerHeartbeat.create({ data: { name: 'docket@gone:1', host: 'gone', pid: 1, concurrency: 1, startedAt: longAgo, lastHeartbeatAt: longAgo } });

  // Run it now instead of waiting for the top of the hour: the same job the schedule sends.
  const boss = createBoss({ databaseUrl: docket.databaseUrl, listenNotify: false, maxAttempts: 3 });
  await boss.start();
  await boss.send(MAINTENANCE_QUEUE, {});
  await boss.stop({ graceful: false });
  const ran = await queueStats('maintenance', (stats) => stats.recent_executions.some((execution) => execution.status === 'completed'));
  expect(ran.recent_executions[0]!.status).toBe('completed');

  expect((await docket.db.idempotencyKey.findMany()).map((key) => key.key)).toEqual(['live']);
  expect(await docket.db.webhookMessage.count({ where: { messageId: 'msg_old' } })).toBe(0);
  expect(await docket.db.workerHeartbeat.count({ where: { name: 'docket@gone:1' } })).toBe(0);
});

it('answers 404 for an unknown queue and 403 for non-admins', async () => {
  expect((await admin.get('/api/admin/queues/nope/stats')).body.error.code).toBe('not_found');
  const { client } = await signUp(docket.url);
  expect((await client.get('/api/admin/queues')).status).toBe(403);
  expect((await client.get('/api/admin/queues/extract-document/stats')).status).toBe(403);
});
