import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedApiTokenSchema } from '@docket/contracts/tokens';
import { apiClient, signIn, signUp, type ApiClient } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false', ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'operator password' });
});
afterAll(async () => {
  await docket?.stop();
});

async function mint(client: ApiClient, scopes: string[], extra: Record<string, unknown> = {}) {
  const reply = await client.post('/api/tokens', { name: 'script', scopes, ...extra });
  expect(reply.status).toBe(201);
  return CreatedApiTokenSchema.parse(reply.body);
}

describe('API tokens', () => {
  it('creates a dkt_ token shown once, stored only as a hash, listed without its value', async () => {
    const { client, auth } = await signUp(docket.url);
    const created = await mint(client, ['jobs:read', 'jobs:read', 'history:read'], { expires_in_days: 30 });
    expect(created.token).toMatch(/^dkt_[A-Za-z0-9_-]{43}$/);
    expect(created.scopes).toEqual(['jobs:read', 'history:read']);
    expect(Date.parse(created.expires_at!) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const row = await docket.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const list = (await client.get('/api/tokens')).body;
    expect(list.items).toEqual([{ id: created.id, name: 'script', user_id: auth.user.id, scopes: ['jobs:read', 'history:read'], created_at: created.created_at, expires_at: created.expires_at, last_used_at: null }]);
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect(auth.user.id).toBe(row.userId);
  });

  it('lets a token do what its scopes allow and answers 403 insufficient_scope otherwise', async () => {
    const { client } = await signUp(docket.url);
    const reader = apiClient(docket.url, (await mint(client, ['jobs:read'])).token);
    expect((await reader.get('/api/jobs')).status).toBe(200);
    expect((await reader.get('/api/auth/me')).status).toBe(200);
    const upload = await reader.upload([{ name: 'a.txt', content: 'text' }]);
    expect(upload.status).toBe(403);
    expect(upload.body.error).toMatchObject({ code: 'insufficient_scope', message: 'this API token lacks the jobs:write scope' });
    expect((await reader.get('/api/history/stats')).body.error.code).toBe('insufficient_scope');

    const writer = apiClient(docket.url, (await mint(client, ['jobs:write', 'history:read'])).token);
    const job = await writer.upload([{ name: 'a.txt', content: 'text' }]);
    expect(job.status).toBe(202);
    expect((await writer.get('/api/history/stats')).body.total_jobs).toBe(1);
    expect((await writer.get(`/api/jobs/${job.body.id}`)).status).toBe(403);
  });

  it('keeps tokens away from token, webhook-endpoint and admin management — even an admin’s token', async () => {
    const client = await signIn(docket.url, 'ops@example.com', 'operator password');
    const token = apiClient(docket.url, (await mint(client, ['jobs:read', 'jobs:write', 'history:read', 'usage:read'])).token);
    for (const reply of [await token.post('/api/tokens', { name: 'x', scopes: ['jobs:read'] }), await token.get('/api/webhook-endpoints'), await token.get('/api/admin/stats'), await token.get('/api/admin/workers')]) {
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('insufficient_scope');
    }
    expect((await client.get('/api/admin/stats')).status).toBe(200);
  });

  it('stops working the moment it is revoked, and only its owner can revoke it', async () => {
    const alice = await signUp(docket.url);
    const mallory = await signUp(docket.url);
    const created = await mint(alice.client, ['jobs:read']);
    const token = apiClient(docket.url, created.token);
    expect((await token.get('/api/jobs')).status).toBe(200);
    expect((await mallory.client.delete(`/api/tokens/${created.id}`)).status).toBe(404);
    expect((await alice.client.delete(`/api/tokens/${created.id}`)).status).toBe(204);
    const after = await token.get('/api/jobs');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
    expect((await alice.client.get('/api/tokens')).body.items).toEqual([]);
    expect((await alice.client.delete(`/api/tokens/${created.id}`)).status).toBe(404);
  });

  it('refuses an expired token and a made-up one with 401', async () => {
    const { client } = await signUp(docket.url);
    const created = await mint(client, ['jobs:read'], { expires_in_days: 1 });
    await docket.db.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await apiClient(docket.url, created.token).get('/api/jobs')).body.error.code).toBe('token_expired');
    expect((await apiClient(docket.url, 'dkt_not_a_real_token').get('/api/jobs')).status).toBe(401);
  });

  it('records last use without writing on every request', async () => {
    const { client } = await signUp(docket.url);
    const created = await mint(client, ['jobs:read']);
    const token = apiClient(docket.url, created.token);
    await token.get('/api/jobs');
    const first = (await docket.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    for (let i = 0; i < 5; i++) await token.get('/api/jobs');
    expect((await docket.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toEqual(first);
  });

  it('validates the request: unknown scopes, no scopes, bad expiry', async () => {
    const { client } = await signUp(docket.url);
    expect((await client.post('/api/tokens', { name: 'x', scopes: ['admin'] })).body.error.message).toMatch(/scopes must be among jobs:read, jobs:write, history:read, usage:read, admin:read/);
    expect((await client.post('/api/tokens', { name: 'x', scopes: [] })).status).toBe(400);
    expect((await client.post('/api/tokens', { name: 'x', scopes: ['jobs:read'], expires_in_days: 0 })).status).toBe(400);
  });
});
