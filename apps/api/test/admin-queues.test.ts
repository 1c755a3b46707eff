import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueueStatsListSchema, QueueStatsSchema, type QueueStats } from '@docket/contracts/admin';
import { createBoss } from '@docket/queue/create-boss';
import { MAINTENANCE_QUEUE } from '@docket/queue/queues';
import { corruptPdf, ENGLISH } from '../../../test/fixtures/documents.ts';
import { signIn, signUp, waitForJob, type ApiClient } from './support/api-client.ts';
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

it('lists every queue, with counts, timing and recent executions of the document queue', async () => {
  const { client } = await signUp(docket.url);
  const job = (await client.upload([{ name: 'a.txt', content: ENGLISH }, { name: 'b.txt', content: ENGLISH }, { name: 'c.pdf', content: corruptPdf() }])).body;
  await waitForJob(client, job.id);

  const list = QueueStatsListSchema.parse((await admin.get('/api/admin/queues')).body);
  expect(list.items.map((queue) => queue.name)).toEqual(['extract-document', 'deliver-callback', 'maintenance']);

  const extract = await queueStats('extract-document', (stats) => stats.queue.completed >= 3);
  expect(extract).toMatchObject({ status: 'idle', schedule: null, queue: { pending: 0, processing: 0 } });
  // A document that fails extraction is a completed queue job: the queue did its work.
  expect(extract.performance.success_rate).toBe(1);
  expect(extract.performance.average_execution_ms).toBeGreaterThan(0);
  expect(extract.recent_executions).toHaveLength(3);
  expect(extract.recent_executions.every((execution) => execution.status === 'completed' && execution.completed_at)).toBe(true);
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
      { userId: user.id, key: 'expired', jobId: user.id, expiresAt: new Date(Date.now() - 1000) },
      { userId: user.id, key: 'live', jobId: user.id, expiresAt: new Date(Date.now() + 3600_000) },
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
