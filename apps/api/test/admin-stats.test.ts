import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminStatsSchema } from '@docket/contracts/admin';
import { corruptPdf, ENGLISH, makePdf } from '../../../test/fixtures/documents.ts';
import { recountSystem } from '../../../test/support/recount.ts';
import { apiClient, signIn, signUp, waitForJob } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'operator password' });
});
afterAll(async () => {
  await docket?.stop();
});

async function signInAdmin() {
  const client = await signIn(docket.url, 'ops@example.com', 'operator password');
  const me = await client.get('/api/auth/me');
  expect(me.body.role).toBe('system_admin');
  return { client, userId: me.body.id as string };
}

it('reports system-wide totals equal to a recount of every row, in the monitoring vocabulary', async () => {
  const admin = await signInAdmin();
  const alice = await signUp(docket.url);
  const bob = await signUp(docket.url);
  const ids = [
    (await alice.client.upload([{ name: 'a.txt', content: ENGLISH }, { name: 'b.pdf', content: makePdf(['one']) }])).body.id,
    (await bob.client.upload([{ name: 'broken.pdf', content: corruptPdf() }])).body.id,
  ];
  const pending = (await bob.client.upload([{ name: 'c.txt', content: 'later' }])).body.id;
  await bob.client.post(`/api/jobs/${pending}/cancel`);
  await waitForJob(alice.client, ids[0]!);
  await waitForJob(bob.client, ids[1]!);
  await waitForJob(bob.client, pending);

  const reply = await admin.client.get('/api/admin/stats');
  expect(reply.status).toBe(200);
  const { generated_at, ...stats } = AdminStatsSchema.parse(reply.body);
  expect(stats).toEqual(await recountSystem(docket.db));
  expect(stats.total_users).toBe(3);
  expect(stats.total_jobs).toBe(3);
  expect(stats.by_status.succeeded + stats.by_status.failed + stats.by_status.cancelled).toBe(3);
  expect(Date.parse(generated_at)).toBeGreaterThan(Date.now() - 60_000);
});

it('answers 403 to a user who is not an admin, and stops answering an admin the moment they are demoted', async () => {
  const user = await signUp(docket.url);
  const denied = await user.client.get('/api/admin/stats');
  expect(denied.status).toBe(403);
  expect(denied.body.error.code).toBe('forbidden');

  const admin = await apiClient(docket.url).post('/api/auth/login', { email: 'ops@example.com', password: 'operator password' });
  const client = apiClient(docket.url, admin.body.access_token);
  expect((await client.get('/api/admin/stats')).status).toBe(200);
  await docket.db.user.update({ where: { email: 'ops@example.com' }, data: { role: 'user' } });
  expect((await client.get('/api/admin/stats')).status).toBe(403);
  expect((await apiClient(docket.url).get('/api/admin/stats')).status).toBe(401);
});

it('answers a super admin as it answers a system admin', async () => {
  const { client, auth } = await signUp(docket.url);
  await docket.db.user.update({ where: { id: auth.user.id }, data: { role: 'super_admin' } });
  for (const path of ['/api/admin/stats', '/api/admin/queues', '/api/admin/workers']) expect((await client.get(path)).status).toBe(200);
  expect((await client.get('/api/auth/me')).body.role).toBe('super_admin');
});
