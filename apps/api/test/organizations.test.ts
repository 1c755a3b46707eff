import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganizationListSchema, OrganizationSchema } from '@docket/contracts/organizations';
import { corruptPdf, ENGLISH } from '../../../test/fixtures/documents.ts';
import { recountHistory } from '../../../test/support/recount.ts';
import { apiClient, signUp, waitForJob, type ApiClient } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket();
});
afterAll(async () => {
  await docket?.stop();
});

type Member = { id: string; token: string; client: ApiClient };

async function member(): Promise<Member> {
  const { client, auth } = await signUp(docket.url);
  return { id: auth.user.id, token: auth.access_token, client };
}

/** `owner` creates an organisation and brings `others` in with the given role. */
async function organization(owner: Member, others: Array<[Member, 'admin' | 'member']>): Promise<string> {
  const created = await owner.client.post('/api/organizations', { name: `Team ${randomUUID().slice(0, 6)}` });
  expect(created.status).toBe(201);
  for (const [other, role] of others) {
    const invitation = await owner.client.post(`/api/organizations/${created.body.id}/invitations`, { role });
    expect(invitation.status).toBe(201);
    expect((await other.client.post('/api/invitations/accept', { code: invitation.body.code })).status).toBe(200);
  }
  return created.body.id;
}

const inOrg = (who: Member, organizationId: string) => apiClient(docket.url, who.token, organizationId);

describe('organisations', () => {
  it('gives every account a personal organisation it owns, where its work goes by default', async () => {
    const alice = await member();
    const list = OrganizationListSchema.parse((await alice.client.get('/api/organizations')).body);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ personal: true, role: 'owner' });
    const job = (await alice.client.upload([{ name: 'a.txt', content: ENGLISH }])).body;
    expect(job.organization_id).toBe(list.items[0]!.id);
    // The personal organisation is the account's alone.
    expect((await alice.client.post(`/api/organizations/${list.items[0]!.id}/invitations`, { role: 'member' })).status).toBe(409);
  });

  it('invites with a code shown once that works once, and lists members and pending invitations', async () => {
    const [owner, joiner, late] = [await member(), await member(), await member()];
    const id = (await owner.client.post('/api/organizations', { name: 'Acme' })).body.id;
    const invitation = await owner.client.post(`/api/organizations/${id}/invitations`, {});
    expect(invitation.body).toMatchObject({ role: 'member', code: expect.stringMatching(/^dki_/), url: expect.stringContaining(`/invitations/dki_`) });
    const pending = (await owner.client.get(`/api/organizations/${id}/invitations`)).body.items;
    expect(pending).toEqual([{ id: invitation.body.id, role: 'member', created_at: invitation.body.created_at, expires_at: invitation.body.expires_at }]);

    const joined = await joiner.client.post('/api/invitations/accept', { code: invitation.body.code });
    expect(OrganizationSchema.parse(joined.body)).toMatchObject({ id, name: 'Acme', personal: false, role: 'member' });
    const reused = await late.client.post('/api/invitations/accept', { code: invitation.body.code });
    expect(reused.status).toBe(404);
    expect(reused.body.error.message).toMatch(/not valid; ask whoever invited you for a new one/);
    // A spent code and a made-up one are the same answer.
    expect((await late.client.post('/api/invitations/accept', { code: 'dki_made-up' })).body.error).toEqual(reused.body.error);
    expect((await owner.client.get(`/api/organizations/${id}/invitations`)).body.items).toEqual([]);

    const members = (await owner.client.get(`/api/organizations/${id}/members`)).body.items;
    expect(members.map((m: { user_id: string; role: string }) => [m.user_id, m.role])).toEqual([[owner.id, 'owner'], [joiner.id, 'member']]);
  });

  it('selects the organisation with x-tenantid: 400 when malformed, the same 403 for a stranger and an unknown id', async () => {
    const [owner, stranger] = [await member(), await member()];
    const id = await organization(owner, []);
    const malformed = await owner.client.get('/api/jobs', { 'x-tenantid': 'not-a-uuid' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    const foreign = await stranger.client.get('/api/jobs', { 'x-tenantid': id });
    const unknown = await stranger.client.get('/api/jobs', { 'x-tenantid': randomUUID() });
    expect([foreign.status, unknown.status]).toEqual([403, 403]);
    expect(foreign.body.error).toEqual(unknown.body.error);
    expect((await stranger.client.get(`/api/organizations/${id}`)).body.error).toEqual((await stranger.client.get(`/api/organizations/${randomUUID()}`)).body.error);
  });

  it('shares an organisation’s jobs with its members, and lets members act on their own jobs only', async () => {
    const [owner, alice, bob] = [await member(), await member(), await member()];
    const id = await organization(owner, [[alice, 'member'], [bob, 'member']]);
    const aliceJob = (await inOrg(alice, id).upload([{ name: 'a.txt', content: ENGLISH }])).body;
    expect(aliceJob.organization_id).toBe(id);
    // Bob sees it in the organisation, not in his personal one.
    expect((await inOrg(bob, id).get(`/api/jobs/${aliceJob.id}`)).status).toBe(200);
    expect((await bob.client.get(`/api/jobs/${aliceJob.id}`)).status).toBe(404);
    expect((await inOrg(bob, id).get('/api/jobs')).body.items.map((job: { id: string }) => job.id)).toContain(aliceJob.id);

    const waiting = (await inOrg(alice, id).upload([{ name: 'b.txt', content: ENGLISH }, { name: 'c.txt', content: ENGLISH }])).body;
    const refused = await inOrg(bob, id).post(`/api/jobs/${waiting.id}/cancel`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/members cancel only the jobs they submitted/);
    // An owner acts on every member's job.
    expect([200, 409]).toContain((await inOrg(owner, id).post(`/api/jobs/${waiting.id}/cancel`)).status);
  });

  it('keeps the organisation’s numbers beside each member’s own, both exact', async () => {
    const [owner, alice] = [await member(), await member()];
    const id = await organization(owner, [[alice, 'member']]);
    const jobs = [
      (await inOrg(owner, id).upload([{ name: 'o.txt', content: ENGLISH }])).body.id,
      (await inOrg(alice, id).upload([{ name: 'a.txt', content: ENGLISH }, { name: 'b.txt', content: ENGLISH }])).body.id,
      (await alice.client.upload([{ name: 'p.txt', content: ENGLISH }])).body.id,
    ];
    for (const [i, jobId] of jobs.entries()) await waitForJob(i === 0 ? inOrg(owner, id) : i === 1 ? inOrg(alice, id) : alice.client, jobId);

    const { recent_activity: recent, ...organizationStats } = (await inOrg(alice, id).get('/api/history/stats?scope=organization')).body;
    expect(organizationStats).toEqual(await recountHistory(docket.db, { organizationId: id }));
    expect(organizationStats).toMatchObject({ total_jobs: 2, documents_processed: 3 });
    expect(recent.map((job: { id: string }) => job.id)).toEqual([jobs[1], jobs[0]]);
    // Alice's own numbers: her jobs in every organisation, whichever is selected.
    const { recent_activity: _mine, ...aliceStats } = (await inOrg(alice, id).get('/api/history/stats')).body;
    expect(aliceStats).toEqual(await recountHistory(docket.db, alice.id));
    expect(aliceStats).toMatchObject({ total_jobs: 2, documents_processed: 3 });
    const analytics = (await inOrg(owner, id).get(`/api/history/analytics?from=${Date.now() - 3_600_000}&to=${Date.now() + 3_600_000}&granularity=hourly&scope=organization`)).body;
    expect(analytics.summary).toMatchObject({ total: 2, succeeded: 2, documents_processed: 3 });
    expect((await owner.client.get('/api/history/stats?scope=everyone')).status).toBe(400);
  });

  it('names who submitted each job wherever jobs are listed, and the organisation of each failure', async () => {
    const [owner, alice] = [await member(), await member()];
    const id = await organization(owner, [[alice, 'member']]);
    const ownerJob = (await inOrg(owner, id).upload([{ name: 'o.txt', content: ENGLISH }])).body;
    const aliceJob = (await inOrg(alice, id).upload([{ name: 'broken.pdf', content: corruptPdf() }])).body;
    expect([ownerJob.user_id, aliceJob.user_id]).toEqual([owner.id, alice.id]);
    for (const job of [ownerJob, aliceJob]) await waitForJob(inOrg(owner, id), job.id);

    const submitters = (jobs: Array<{ id: string; user_id: string }>) => Object.fromEntries(jobs.map((job) => [job.id, job.user_id]));
    const expected = { [ownerJob.id]: owner.id, [aliceJob.id]: alice.id };
    expect(submitters((await inOrg(owner, id).get('/api/jobs')).body.items)).toEqual(expected);
    expect(submitters((await inOrg(owner, id).get('/api/history/stats?scope=organization')).body.recent_activity)).toEqual(expected);
    expect((await inOrg(alice, id).get(`/api/jobs/${ownerJob.id}`)).body.user_id).toBe(owner.id);
    // Alice's own failures (the default scope) come from every organisation: each names its own.
    const analytics = (await alice.client.get(`/api/history/analytics?from=${Date.now() - 3_600_000}&to=${Date.now() + 3_600_000}&granularity=hourly`)).body;
    expect(analytics.recent_failures.map((failure: { job_id: string; organization_id: string }) => [failure.job_id, failure.organization_id])).toEqual([[aliceJob.id, id]]);
  });

  it('lets owners and admins administer, and members use', async () => {
    const [owner, admin, plain] = [await member(), await member(), await member()];
    const id = await organization(owner, [[admin, 'admin'], [plain, 'member']]);
    const forbidden = async (reply: Promise<{ status: number; body: { error?: { code: string } } }>) => expect((await reply).body.error?.code).toBe('forbidden');

    await forbidden(inOrg(plain, id).post('/api/webhook-endpoints', { name: 'crm' }));
    await forbidden(inOrg(plain, id).post('/api/callback-secret/rotate'));
    await forbidden(plain.client.post(`/api/organizations/${id}/invitations`, { role: 'member' }));
    await forbidden(plain.client.patch(`/api/organizations/${id}`, { name: 'Renamed' }));
    expect((await inOrg(plain, id).get('/api/callback-secret')).status).toBe(200);
    expect((await inOrg(admin, id).post('/api/webhook-endpoints', { name: 'crm' })).status).toBe(201);
    expect((await admin.client.patch(`/api/organizations/${id}`, { name: 'Renamed' })).body.name).toBe('Renamed');

    // Admins manage members but not owners; only an owner makes an owner; an organisation keeps one.
    await forbidden(admin.client.patch(`/api/organizations/${id}/members/${plain.id}`, { role: 'owner' }));
    await forbidden(admin.client.delete(`/api/organizations/${id}/members/${owner.id}`));
    expect((await owner.client.delete(`/api/organizations/${id}/members/${owner.id}`)).status).toBe(409);
    expect((await owner.client.patch(`/api/organizations/${id}/members/${owner.id}`, { role: 'member' })).status).toBe(409);
    expect((await owner.client.patch(`/api/organizations/${id}/members/${admin.id}`, { role: 'owner' })).status).toBe(200);
    expect((await owner.client.patch(`/api/organizations/${id}/members/${owner.id}`, { role: 'member' })).status).toBe(200);
    // Anyone may leave; then the organisation answers them like a stranger.
    expect((await plain.client.delete(`/api/organizations/${id}/members/${plain.id}`)).status).toBe(204);
    expect((await inOrg(plain, id).get('/api/jobs')).status).toBe(403);
  });

  it('binds API tokens to their organisation: they ignore x-tenantid and stop when their member leaves', async () => {
    const [owner, alice] = [await member(), await member()];
    const id = await organization(owner, [[alice, 'member']]);
    const token = (await inOrg(alice, id).post('/api/tokens', { name: 'ci', scopes: ['jobs:read', 'jobs:write'] })).body.token;
    const script = apiClient(docket.url, token);
    const job = (await script.upload([{ name: 'ci.txt', content: ENGLISH }])).body;
    expect(job.organization_id).toBe(id);
    const personal = (await alice.client.get('/api/organizations')).body.items.find((o: { personal: boolean }) => o.personal).id;
    expect((await script.upload([{ name: 'x.txt', content: ENGLISH }], { 'x-tenantid': personal })).body.organization_id).toBe(id);
    // The owner lists every member's token and may revoke it; a member sees her own.
    expect((await inOrg(owner, id).get('/api/tokens')).body.items.map((t: { user_id: string }) => t.user_id)).toEqual([alice.id]);
    expect((await alice.client.get('/api/tokens')).body.items).toEqual([]);

    expect((await owner.client.delete(`/api/organizations/${id}/members/${alice.id}`)).status).toBe(204);
    expect((await script.get('/api/jobs')).status).toBe(403);
  });

  it('deletes an organisation only when it holds no jobs, and never a personal one', async () => {
    const owner = await member();
    const empty = await organization(owner, []);
    const busy = await organization(owner, []);
    await inOrg(owner, busy).upload([{ name: 'keep.txt', content: ENGLISH }]);
    expect((await owner.client.delete(`/api/organizations/${busy}`)).status).toBe(409);
    expect((await owner.client.delete(`/api/organizations/${empty}`)).status).toBe(204);
    const personal = (await owner.client.get('/api/organizations')).body.items.find((o: { personal: boolean }) => o.personal).id;
    expect((await owner.client.delete(`/api/organizations/${personal}`)).status).toBe(409);
  });
});

describe('isolation between organisations', () => {
  it('answers 404 for every object of another organisation, with and without x-tenantid, with JWTs and API tokens', async () => {
    const [ownerA, ownerB] = [await member(), await member()];
    const [a, b] = [await organization(ownerA, []), await organization(ownerB, [])];
    const inB = inOrg(ownerB, b);
    const job = (await inB.upload([{ name: 'secret.txt', content: ENGLISH }], {}, 'files')).body;
    const done = await waitForJob(inB, job.id);
    const endpoint = (await inB.post('/api/webhook-endpoints', { name: 'b' })).body.id;
    const tokenB = (await inB.post('/api/tokens', { name: 'b', scopes: ['jobs:read'] })).body.id;
    const tokenA = (await inOrg(ownerA, a).post('/api/tokens', { name: 'a', scopes: ['jobs:read', 'jobs:write'] })).body.token;

    const callers = [ownerA.client, inOrg(ownerA, a), apiClient(docket.url, tokenA), apiClient(docket.url, tokenA, b)];
    for (const caller of callers) {
      const statuses = [
        (await caller.get(`/api/jobs/${job.id}`)).status,
        (await caller.get(`/api/jobs/${job.id}/documents/${done.documents[0]!.id}/text`)).status,
        (await caller.get(`/api/jobs/${job.id}/deliveries`)).status,
        (await caller.post(`/api/jobs/${job.id}/deliveries`)).status,
        (await caller.post(`/api/jobs/${job.id}/cancel`)).status,
        (await caller.post(`/api/jobs/${job.id}/retry`)).status,
      ];
      expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    }
    for (const caller of [ownerA.client, inOrg(ownerA, a)]) {
      expect((await caller.delete(`/api/webhook-endpoints/${endpoint}`)).status).toBe(404);
      expect((await caller.delete(`/api/tokens/${tokenB}`)).status).toBe(404);
    }
    // The organisation itself: a stranger cannot tell it exists.
    expect((await ownerA.client.get(`/api/organizations/${b}/members`)).status).toBe(403);
    expect((await inB.get(`/api/jobs/${job.id}`)).status).toBe(200);
  });
});
