import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '@docket/db/create-prisma';
import { apiClient, signUp, type ApiClient, type Reply } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';

// Every role-gated write outside the organisation routes (webhook endpoints, the callback
// secret, API tokens, other members' jobs) must be judged by the role the caller has when it
// commits. Each test demotes or removes the caller in a transaction that holds the
// organisation's row lock, sends the request while it is held, waits until the request is
// queued behind that lock (a request that checked the role only before it would not wait:
// the test fails there), then commits the change. The request must see the change.

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

type Member = { id: string; client: ApiClient };
type Team = { organizationId: string; owner: Member; admin: Member; member: Member };

/** An organisation with an owner, an admin and a member, each with a client acting in it. */
async function team(): Promise<Team> {
  const [owner, admin, member] = await Promise.all([signUp(docket.url), signUp(docket.url), signUp(docket.url)]);
  const created = await owner.client.post('/api/organizations', { name: 'Race team' });
  expect(created.status).toBe(201);
  const organizationId: string = created.body.id;
  for (const [who, role] of [[admin, 'admin'], [member, 'member']] as const) {
    const { code } = (await owner.client.post(`/api/organizations/${organizationId}/invitations`, { role })).body;
    expect((await who.client.post('/api/invitations/accept', { code })).status).toBe(200);
  }
  const inside = (who: typeof owner): Member => ({ id: who.auth.user.id, client: apiClient(docket.url, who.auth.access_token, organizationId) });
  return { organizationId, owner: inside(owner), admin: inside(admin), member: inside(member) };
}

const demote = (team: Team, who: Member) => (tx: Tx) =>
  tx.membership.update({ where: { organizationId_userId: { organizationId: team.organizationId, userId: who.id } }, data: { role: 'member' } });
const remove = (team: Team, who: Member) => (tx: Tx) =>
  tx.membership.delete({ where: { organizationId_userId: { organizationId: team.organizationId, userId: who.id } } });

/**
 * Sends `request` while a transaction holds the organisation's lock and makes `change`; commits
 * the change once the request waits for that lock. Returns the request's reply.
 */
async function whileChanging(team: Team, change: (tx: Tx) => Promise<unknown>, request: () => Promise<Reply>): Promise<Reply> {
  let reply: Promise<Reply> | undefined;
  await docket.db.$transaction(async (tx) => {
    const [held] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${team.organizationId}::uuid FOR NO KEY UPDATE`;
    await change(tx);
    reply = request();
    reply.catch(() => {}); // awaited below; a rejection before then is not unhandled
    await waitUntilBlockedBy(held!.pid);
  }, { timeout: 20_000 });
  return reply!;
}

async function waitUntilBlockedBy(pid: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(10)) {
    const [row] = await docket.db.$queryRaw<{ waiting: number }[]>`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
    if (row!.waiting > 0) return;
  }
  throw new Error('the request never waited for the organisation lock: it checked the role without it');
}

const forbidden = (reply: Reply) => {
  expect(reply.status).toBe(403);
  expect((reply.body as { error: { code: string } }).error.code).toBe('forbidden');
};

describe('webhook endpoints', () => {
  it('an admin demoted while creating an endpoint creates none', async () => {
    const t = await team();
    forbidden(await whileChanging(t, demote(t, t.admin), () => t.admin.client.post('/api/webhook-endpoints', { name: 'late' })));
    expect(await docket.db.webhookEndpoint.count({ where: { organizationId: t.organizationId } })).toBe(0);
  });

  it('an admin removed while deleting an endpoint leaves it live', async () => {
    const t = await team();
    const endpoint = (await t.owner.client.post('/api/webhook-endpoints', { name: 'crm' })).body;
    forbidden(await whileChanging(t, remove(t, t.admin), () => t.admin.client.delete(`/api/webhook-endpoints/${endpoint.id}`)));
    expect((await t.owner.client.get('/api/webhook-endpoints')).body.items.map((item: { id: string }) => item.id)).toEqual([endpoint.id]);
  });

  it('an admin still an admin when the lock is released creates the endpoint (the wait alone refuses nothing)', async () => {
    const t = await team();
    const reply = await whileChanging(t, demote(t, t.member), () => t.admin.client.post('/api/webhook-endpoints', { name: 'on time' }));
    expect(reply.status).toBe(201);
  });
});

describe('the callback secret', () => {
  it('an admin demoted while rotating it neither changes it nor learns a new one', async () => {
    const t = await team();
    const before = (await t.owner.client.get('/api/callback-secret')).body.secret;
    forbidden(await whileChanging(t, demote(t, t.admin), () => t.admin.client.post('/api/callback-secret/rotate')));
    expect((await t.owner.client.get('/api/callback-secret')).body.secret).toBe(before);
  });
});

describe('API tokens', () => {
  it('a member removed while creating a token mints none', async () => {
    const t = await team();
    forbidden(await whileChanging(t, remove(t, t.member), () => t.member.client.post('/api/tokens', { name: 'ci', scopes: ['jobs:read'] })));
    expect(await docket.db.apiToken.count({ where: { organizationId: t.organizationId, userId: t.member.id } })).toBe(0);
  });

  it("an admin demoted while revoking another member's token revokes nothing", async () => {
    const t = await team();
    const token = (await t.member.client.post('/api/tokens', { name: 'ci', scopes: ['jobs:read'] })).body;
    const reply = await whileChanging(t, demote(t, t.admin), () => t.admin.client.delete(`/api/tokens/${token.id}`));
    // As a member the admin manages only their own tokens: another member's is not found.
    expect(reply.status).toBe(404);
    expect((await apiClient(docket.url, token.token).get('/api/jobs')).status).toBe(200);
  });
});

describe("other members' jobs", () => {
  it("an admin demoted while cancelling another member's job leaves it queued", async () => {
    const t = await team();
    const job = (await t.member.client.upload([{ name: 'notes.txt', content: 'hello there' }])).body;
    forbidden(await whileChanging(t, demote(t, t.admin), () => t.admin.client.post(`/api/jobs/${job.id}/cancel`)));
    expect((await t.member.client.get(`/api/jobs/${job.id}`)).body.status).toBe('queued');
  });

  it('a member removed while cancelling their own job leaves it queued', async () => {
    const t = await team();
    const job = (await t.member.client.upload([{ name: 'notes.txt', content: 'hello there' }])).body;
    forbidden(await whileChanging(t, remove(t, t.member), () => t.member.client.post(`/api/jobs/${job.id}/cancel`)));
    expect((await t.owner.client.get(`/api/jobs/${job.id}`)).body.status).toBe('queued');
  });
});

describe('racing over HTTP', () => {
  it('cancels under a demotion racing them: each cancel either happens or is refused, none deadlocks', async () => {
    // Cancelling locks the job, then the organisation; nothing locks them the other way round.
    const t = await team();
    const jobs = await Promise.all(Array.from({ length: 8 }, async () => (await t.member.client.upload([{ name: 'notes.txt', content: 'hello there' }])).body.id as string));
    const [demotion, ...cancels] = await Promise.all([
      t.owner.client.patch(`/api/organizations/${t.organizationId}/members/${t.admin.id}`, { role: 'member' }),
      ...jobs.map((id) => t.admin.client.post(`/api/jobs/${id}/cancel`)),
    ]);
    expect(demotion!.status).toBe(200);
    for (const reply of cancels) expect([200, 403]).toContain(reply.status);
    const cancelled = await docket.db.job.count({ where: { id: { in: jobs }, status: 'cancelled' } });
    expect(cancelled).toBe(cancels.filter((reply) => reply.status === 200).length);
    // Once the demotion has answered, the admin is a member everywhere: no cancel of another's job passes.
    expect((await t.admin.client.post(`/api/jobs/${jobs[0]}/cancel`)).status).toBe(403);
  });
});
