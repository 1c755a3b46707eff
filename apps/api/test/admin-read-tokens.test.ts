import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminOrganizationPageSchema, AdminStatsSchema, AdminWorkersSchema, QueueStatsListSchema, QueueStatsSchema } from '@docket/contracts/admin';
import type { Role } from '@docket/contracts/auth';
import { CreatedApiTokenSchema } from '@docket/contracts/tokens';
import { apiClient, signUp, type ApiClient } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

const month = new Date().toISOString().slice(0, 7);
const nextMonth = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
/** Every GET /api/admin route, with the schema its answer must match (the export is CSV). */
const ADMIN_READS: [string, { parse(value: unknown): unknown } | null][] = [
  ['/api/admin/stats', AdminStatsSchema],
  ['/api/admin/queues', QueueStatsListSchema],
  ['/api/admin/queues/extract-document/stats', QueueStatsSchema],
  ['/api/admin/workers', AdminWorkersSchema],
  ['/api/admin/organizations', AdminOrganizationPageSchema],
  [`/api/admin/usage/export?from=${month}-01&to=${nextMonth}&include_open=true`, null],
];

const setRole = (userId: string, role: Role) => docket.db.user.update({ where: { id: userId }, data: { role } });

/** A signed-up user in `role`, holding a session (the role is read from the database, so no new sign-in is needed). */
async function userWithRole(role: Role): Promise<{ client: ApiClient; userId: string }> {
  const { client, auth } = await signUp(docket.url);
  await setRole(auth.user.id, role);
  return { client, userId: auth.user.id };
}

async function mint(client: ApiClient, scopes: string[]): Promise<ApiClient> {
  const reply = await client.post('/api/tokens', { name: 'monitoring', scopes });
  expect(reply.status).toBe(201);
  return apiClient(docket.url, CreatedApiTokenSchema.parse(reply.body).token);
}

describe('admin:read tokens', () => {
  it.each(['system_admin', 'super_admin'] as const)('let a %s’s monitoring script read every GET /api/admin route', async (role) => {
    const token = await mint((await userWithRole(role)).client, ['admin:read']);
    for (const [path, schema] of ADMIN_READS) {
      const reply = await token.get(path);
      expect(reply.status, path).toBe(200);
      if (schema) schema.parse(reply.body);
      else expect(reply.text).toMatch(/^record_id,organization_id,user_id,user_email,meter,quantity,unit,period_start,period_end\r\n/);
    }
  });

  it('read nothing else: no admin writes, no other scope’s routes, no token management, no other user’s data', async () => {
    const alice = await signUp(docket.url);
    const alicesJob = (await alice.client.upload([{ name: 'private.txt', content: 'alice only' }])).body.id as string;
    const { client } = await userWithRole('system_admin');
    const token = await mint(client, ['admin:read']);
    const spare = (await client.post('/api/tokens', { name: 'spare', scopes: ['jobs:read'] })).body.id as string;

    for (const reply of [await token.post('/api/admin/stats', {}), await token.delete('/api/admin/queues/extract-document'), await token.post('/api/admin/usage/export', {})]) {
      expect(reply.status).toBe(403);
      expect(reply.body.error).toMatchObject({ code: 'insufficient_scope', details: { required: null } });
    }
    const refused = [
      await token.get('/api/jobs'),
      await token.get(`/api/jobs/${alicesJob}`),
      await token.upload([{ name: 'a.txt', content: 'text' }]),
      await token.post(`/api/jobs/${alicesJob}/cancel`),
      await token.get('/api/history/stats'),
      await token.get('/api/usage'),
      await token.get('/api/callback-secret'),
      await token.get('/api/webhook-endpoints'),
      await token.post('/api/tokens', { name: 'more', scopes: ['admin:read'] }),
      await token.delete(`/api/tokens/${spare}`),
    ];
    expect(refused.map((reply) => [reply.status, reply.body.error?.code])).toEqual(refused.map(() => [403, 'insufficient_scope']));

    // With jobs:read beside it, another user's job is still a 404: admin:read opens no user's data.
    const reader = await mint(client, ['admin:read', 'jobs:read']);
    expect((await reader.get(`/api/jobs/${alicesJob}`)).status).toBe(404);
    expect((await reader.get('/api/jobs')).body.items).toEqual([]);
    expect((await alice.client.get(`/api/jobs/${alicesJob}`)).body.status).toBe('queued');
    expect((await client.get('/api/tokens')).body.items).toHaveLength(3);
  });

  it('can be created by admins only, judged by the role in the database: 403 forbidden for others, nothing stored', async () => {
    const { client, userId } = await userWithRole('user');
    const refused = await client.post('/api/tokens', { name: 'monitoring', scopes: ['jobs:read', 'admin:read'] });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: 'only a system admin or super admin can give a token the admin:read scope', details: { scopes: ['admin:read'] } });
    expect(await docket.db.apiToken.count({ where: { userId } })).toBe(0);

    // The session still says `user`; the database says otherwise, and wins both ways.
    await setRole(userId, 'system_admin');
    await mint(client, ['admin:read']);
    await setRole(userId, 'user');
    expect((await client.post('/api/tokens', { name: 'again', scopes: ['admin:read'] })).body.error.code).toBe('forbidden');
    expect((await client.post('/api/tokens', { name: 'plain', scopes: ['usage:read'] })).status).toBe(201);
  });

  it('stop reading the admin views the moment their owner is demoted', async () => {
    const { client, userId } = await userWithRole('super_admin');
    const token = await mint(client, ['admin:read', 'usage:read']);
    expect((await token.get('/api/admin/stats')).status).toBe(200);

    await setRole(userId, 'user');
    for (const [path] of ADMIN_READS) {
      const reply = await token.get(path);
      expect(reply.status, path).toBe(403);
      expect(reply.body.error).toMatchObject({ code: 'forbidden', message: 'this endpoint is for administrators (system admins and super admins)' });
    }
    // Its other scopes go on working: only the admin rights went.
    expect((await token.get('/api/usage')).status).toBe(200);
  });

  it('are the only tokens the admin views accept besides usage:read on the export', async () => {
    const { client } = await userWithRole('system_admin');
    const billing = await mint(client, ['usage:read']);
    expect((await billing.get(ADMIN_READS.at(-1)![0])).status).toBe(200);
    const stats = await billing.get('/api/admin/stats');
    expect(stats.status).toBe(403);
    expect(stats.body.error).toMatchObject({ code: 'insufficient_scope', message: 'this API token lacks the admin:read scope', details: { required: 'admin:read', accepted: ['admin:read'] } });
    const jobs = await mint(client, ['jobs:read']);
    expect((await jobs.get(ADMIN_READS.at(-1)![0])).body.error).toMatchObject({ code: 'insufficient_scope', message: 'this API token lacks the usage:read or admin:read scope' });
  });
});
